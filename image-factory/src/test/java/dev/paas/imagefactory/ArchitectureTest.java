package dev.paas.imagefactory;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The core stays pure: no files, no network, no Vert.x, no JPA, no JDBC. */
@AnalyzeClasses(packages = "dev.paas.imagefactory", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDoesNoIo = noClasses().that().resideInAPackage("..core..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("java.nio.file..", "java.net..", "io.vertx..", "jakarta.persistence..", "java.sql..");

    /** Tomcat is on the compile class path only for the guest's launcher (src/launcher). */
    @ArchTest
    static final ArchRule noTomcatInTheFactory = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.catalina..", "org.apache.tomcat..", "org.apache.coyote..");
}
