package dev.paas.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The core is pure: it reads snapshots and returns plans, and never touches the network, files or a database. */
@AnalyzeClasses(packages = "dev.paas.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDoesNoIo = noClasses().that().resideInAPackage("..core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.net..", "java.nio.file..", "java.sql..", "io.vertx..", "io.netty..", "jakarta.persistence..")
            .because("scheduling logic is pure (STYLE.md §1); I/O belongs in ..infra..");
}
