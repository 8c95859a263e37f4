package dev.paas.pgbroker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The broker's edges: a process of its own that shares no code with the platform (it is reached
 * over HTTP like any external broker), a pure core, and doors that point inward.
 */
@AnalyzeClasses(packages = "dev.paas", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPlatformCode = noClasses().that().resideInAPackage("dev.paas.pgbroker..")
            .should().dependOnClassesThat(resideInAPackage("dev.paas..").and(not(resideInAPackage("dev.paas.pgbroker.."))))
            .because("the control plane talks to the broker over the Open Service Broker API only, as to any broker");

    @ArchTest
    static final ArchRule coreDoesNoIo = noClasses().that().resideInAPackage("dev.paas.pgbroker.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.net..", "java.nio.file..", "java.sql..", "com.sun.net..", "org.postgresql..", "jakarta.persistence..")
            .because("the broker's rules are pure (STYLE.md §1); sockets and JDBC belong to dev.paas.pgbroker.infra");

    @ArchTest
    static final ArchRule doorsPointInward = noClasses().that().resideInAnyPackage("dev.paas.pgbroker.api..", "dev.paas.pgbroker.core..")
            .should().dependOnClassesThat().resideInAPackage("dev.paas.pgbroker.infra..")
            .because("the process (infra) uses its config and rules, never the other way round (STYLE.md §1)");
}
