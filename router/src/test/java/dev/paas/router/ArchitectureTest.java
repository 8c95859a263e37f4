package dev.paas.router;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The router's edges: it talks to the control plane over HTTP only (never its code), uses the
 * scheduler only through its door, its core is pure, and api and core never reach into infra.
 */
@AnalyzeClasses(packages = "dev.paas", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noControlPlaneCode = noClasses().that().resideInAPackage("dev.paas.router..")
            .should().dependOnClassesThat().resideInAPackage("dev.paas.api..")
            .because("the router is a process of its own: it reaches the control plane over HTTP (/v1/routing/...)");

    @ArchTest
    static final ArchRule schedulerThroughItsDoor = noClasses().that().resideInAPackage("dev.paas.router..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.paas.scheduler.core..", "dev.paas.scheduler.infra..")
            .because("the scheduler's public surface is dev.paas.scheduler.api (STYLE.md §1)");

    /** Of paas, the router uses the model and the scheduler's door (RouteIndex), nothing else. */
    @ArchTest
    static final ArchRule paasEdges = noClasses().that().resideInAPackage("dev.paas.router..")
            .should().dependOnClassesThat(resideInAPackage("dev.paas..")
                    .and(not(resideInAnyPackage("dev.paas.router..", "dev.paas.model..", "dev.paas.scheduler.api.."))))
            .because("the router is a process of its own beside the control plane, node agents and CLI (README.md)");

    @ArchTest
    static final ArchRule coreDoesNoIo = noClasses().that().resideInAPackage("dev.paas.router.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.net..", "java.nio.file..", "java.sql..", "io.vertx..", "io.netty..", "jakarta.persistence..")
            .because("the router's rules are pure (STYLE.md §1); the sockets belong to dev.paas.router.infra");

    @ArchTest
    static final ArchRule doorsPointInward = noClasses().that().resideInAnyPackage("dev.paas.router.api..", "dev.paas.router.core..")
            .should().dependOnClassesThat().resideInAPackage("dev.paas.router.infra..")
            .because("the process (infra) uses its config and rules, never the other way round (STYLE.md §1)");
}
