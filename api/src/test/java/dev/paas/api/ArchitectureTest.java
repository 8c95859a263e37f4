package dev.paas.api;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.paas.api.infra.BuildEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import org.junit.jupiter.api.Test;

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

    /**
     * Of paas, the control plane uses the model, the push rules, the log drains, and the scheduler and the image
     * factory through their doors; the router, node agents and CLI reach it over HTTP only.
     */
    @ArchTest
    static final ArchRule paasEdges = noClasses().that().resideInAPackage("dev.paas.api..")
            .should().dependOnClassesThat(resideInAPackage("dev.paas..").and(not(resideInAnyPackage("dev.paas.api..",
                    "dev.paas.model..", "dev.paas.logdrain.api..", "dev.paas.pushrules..", "dev.paas.scheduler.api..", "dev.paas.imagefactory.api.."))))
            .because("modules meet at their doors (STYLE.md §1); processes meet over HTTP");

    @ArchTest
    static final ArchRule noSecondPushRule = noClasses().that().resideInAPackage("dev.paas.api..")
            .should().haveNameMatching(".*\\.(ManifestParser|ManifestReader|MemorySize|ByteSize|Names|Buildpacks|Stacks|RouteAddress)")
            .because("names, sizes, buildpacks, stacks, routes and manifests are checked by dev.paas.pushrules (one answer for CLI and API)");

    @ArchTest
    static final ArchRule restDoesNotTouchEntities = noClasses().that().resideInAPackage("..api.rest..")
            .should().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class);

    /**
     * Instance, node and build states change only through their tables: the entity's
     * {@code moveTo} (or the factory of a new row) is the one writer of its {@code state}.
     */
    @ArchTest
    static final ArchRule instanceStateThroughItsTable = onlyTheEntityWritesItsState(InstanceEntity.class);

    @ArchTest
    static final ArchRule nodeStateThroughItsTable = onlyTheEntityWritesItsState(NodeEntity.class);

    @ArchTest
    static final ArchRule buildStateThroughItsTable = onlyTheEntityWritesItsState(BuildEntity.class);

    private static ArchRule onlyTheEntityWritesItsState(Class<?> entity) {
        return noClasses().that().doNotHaveFullyQualifiedName(entity.getName())
                .should().setField(entity, "state")
                .because("a state changes through its transition table (" + entity.getSimpleName() + ".moveTo), STYLE.md §4");
    }

    /** A writer that goes around the table, to show the three rules above are not vacuous. */
    static final class WritesStateDirectly {
        void crashBack(InstanceEntity i) {
            i.state = dev.paas.model.InstanceState.UNCLAIMED;
        }
    }

    @Test
    void aDirectStateWriteIsCaught() {
        assertThat(instanceStateThroughItsTable.evaluate(new ClassFileImporter().importClasses(WritesStateDirectly.class))
                .hasViolation()).isTrue();
    }

    /** The dashboard sees what the API sees: services and model records, never entities. */
    @ArchTest
    static final ArchRule uiDoesNotTouchEntities = noClasses().that().resideInAPackage("..api.ui..")
            .should().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class);
}
