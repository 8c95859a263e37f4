package dev.paas.scheduler;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core is pure: it reads snapshots and returns plans, and never touches the network, files or
 * a database. The scheduler is a library under the control plane (api/) and the router
 * (router/): it depends on neither.
 */
@AnalyzeClasses(packages = "dev.paas.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDoesNoIo = noClasses().that().resideInAPackage("..core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.net..", "java.nio.file..", "java.sql..", "io.vertx..", "io.netty..", "jakarta.persistence..")
            .because("scheduling logic is pure (STYLE.md §1); I/O belongs in ..infra..");

    /** Of paas, the scheduler uses the shared model only (api and router use it, never the other way round). */
    @ArchTest
    static final ArchRule modelOnly = noClasses().that().resideInAPackage("dev.paas.scheduler..")
            .should().dependOnClassesThat(resideInAPackage("dev.paas..")
                    .and(not(resideInAnyPackage("dev.paas.scheduler..", "dev.paas.model.."))))
            .because("the control plane and the router use the scheduler, never the other way round");
}
