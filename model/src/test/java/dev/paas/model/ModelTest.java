package dev.paas.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void errorCodesAreHttpErrors(ErrorCode code) {
        assertThat(code.httpStatus()).isBetween(400, 599);
    }
}
