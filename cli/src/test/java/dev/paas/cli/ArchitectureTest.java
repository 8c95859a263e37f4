package dev.paas.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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

    /** Of paas, the CLI uses the wire model and the push rules; it reaches the control plane over HTTP only. */
    @ArchTest
    static final ArchRule paasEdges = noClasses().that().resideInAPackage("dev.paas.cli..")
            .should().dependOnClassesThat(resideInAPackage("dev.paas..")
                    .and(not(resideInAnyPackage("dev.paas.cli..", "dev.paas.model..", "dev.paas.pushrules.."))))
            .because("the CLI is a client of /v1; the rules it checks before sending are dev.paas.pushrules, the API's too");

    @ArchTest
    static final ArchRule noSecondPushRule = noClasses().that().resideInAPackage("dev.paas.cli..")
            .should().haveNameMatching(".*\\.(ManifestParser|ManifestReader|MemorySize|ByteSize|Names|Buildpacks|Stacks|RouteAddress)")
            .because("names, sizes, buildpacks, stacks, routes and manifests are checked by dev.paas.pushrules (one answer for CLI and API)");

    @ArchTest
    static final ArchRule coreDoesNotKnowCommands = noClasses().that().resideInAPackage("..cli.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.paas.cli", "dev.paas.cli.infra..", "picocli..");
}
