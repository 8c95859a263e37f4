package dev.paas.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The CLI's core stays pure: manifests, validation and rendering without files, sockets or frameworks. */
@AnalyzeClasses(packages = "dev.paas.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPure = noClasses().that().resideInAPackage("..core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..", "io.vertx..",
                    "jakarta.persistence..", "java.net.http..")
            .because("core holds pure logic; I/O lives in infra (see STYLE.md §1)");

    /** One manifest reader for the CLI and the API: dev.paas.pushrules (its README); the CLI holds no second one. */
    @ArchTest
    static final ArchRule yamlIsReadByThePushRules = noClasses().that().resideInAPackage("dev.paas.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("org.snakeyaml..")
            .because("manifests are read by dev.paas.pushrules.ManifestReader, the API's reader too");

    @ArchTest
    static final ArchRule coreDoesNotKnowCommands = noClasses().that().resideInAPackage("..cli.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.paas.cli", "dev.paas.cli.infra..", "picocli..");
}
