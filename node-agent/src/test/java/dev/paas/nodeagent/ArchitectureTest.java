package dev.paas.nodeagent;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The core is pure: no files, sockets, Vert.x, persistence or JDBC. */
@AnalyzeClasses(packages = "dev.paas.nodeagent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPure = noClasses().that().resideInAPackage("..core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.nio.file..", "java.net..", "io.vertx..", "jakarta.persistence..", "java.sql..");
}
