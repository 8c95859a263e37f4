package dev.paas.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The doors of the control plane: core is pure; entities never leave infra and service
 * (rest only recognises persistence exceptions in its one ErrorMapper). */
@AnalyzeClasses(packages = "dev.paas.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPure = noClasses().that().resideInAPackage("..api.core..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "io.vertx..", "java.net..", "java.nio.file..",
                    "java.sql..", "io.quarkus..", "jakarta.ws.rs..", "org.hibernate..", "..api.infra..", "..api.service..", "..api.rest..");

    /** One manifest reader for the API and the CLI: dev.paas.pushrules (its README); the API holds no second one. */
    @ArchTest
    static final ArchRule yamlIsReadByThePushRules = noClasses().that().resideInAPackage("dev.paas.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.snakeyaml..")
            .because("manifests are read by dev.paas.pushrules.ManifestReader, the CLI's reader too");

    @ArchTest
    static final ArchRule restDoesNotTouchEntities = noClasses().that().resideInAPackage("..api.rest..")
            .should().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class);

    /** The dashboard sees what the API sees: services and model records, never entities. */
    @ArchTest
    static final ArchRule uiDoesNotTouchEntities = noClasses().that().resideInAPackage("..api.ui..")
            .should().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class);
}
