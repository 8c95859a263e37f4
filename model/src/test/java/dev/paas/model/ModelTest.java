package dev.paas.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ModelTest {

    /**
     * Wire types are plain data: the language, time and collections, nothing that does I/O
     * (no java.io, java.net, java.nio, java.sql) and no library.
     */
    static final ArchRule PLAIN_DATA = noClasses().should().dependOnClassesThat()
            .resideOutsideOfPackages("dev.paas.model..", "java.lang..", "java.time..", "java.util..");

    @Test
    void modelDependsOnNothingButTheJdksLanguageTimeAndCollections() {
        PLAIN_DATA.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.paas.model"));
    }

    /** A wire type that reads files, to show the rule above is not vacuous. */
    record ReadsFiles(java.nio.file.Path path) {
    }

    @Test
    void theRuleRefusesFileAccess() {
        assertThat(PLAIN_DATA.evaluate(new ClassFileImporter().importClasses(ReadsFiles.class)).hasViolation()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "UNCLAIMED, CLAIMED, true", "UNCLAIMED, RUNNING, false", "CLAIMED, STARTING, true", "STARTING, RUNNING, true",
            "RUNNING, STARTING, false", "RUNNING, CRASHED, true", "CRASHED, UNCLAIMED, true", "CRASHED, RUNNING, false",
            "STOPPING, STOPPED, true", "STOPPED, UNCLAIMED, false", "STOPPED, RUNNING, false"})
    void instanceTransitions(InstanceState from, InstanceState to, boolean allowed) {
        assertThat(from.allowsTransitionTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({"READY, CORDONED, true", "CORDONED, DRAINING, true", "DOWN, READY, true", "DOWN, CORDONED, false", "DRAINING, READY, true"})
    void nodeTransitions(NodeState from, NodeState to, boolean allowed) {
        assertThat(from.allowsTransitionTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @EnumSource(BuildState.class)
    void finishedBuildsStayFinished(BuildState to) {
        assertThat(BuildState.STAGED.allowsTransitionTo(to)).isEqualTo(to == BuildState.STAGED);
        assertThat(BuildState.STAGING.allowsTransitionTo(to)).isTrue();
    }

    @Test
    void everyStateMayStayPut() {
        for (InstanceState s : InstanceState.values()) {
            assertThat(s.allowsTransitionTo(s)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void errorCodesAreHttpErrors(ErrorCode code) {
        assertThat(code.httpStatus()).isBetween(400, 599);
    }
}
