package dev.paas.pushrules;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The push rules stay pure and framework-free, so the CLI, the API and the image factory can all use them. */
@AnalyzeClasses(packages = "dev.paas.pushrules", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule frameworkFree = noClasses().that().resideInAPackage("dev.paas.pushrules..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "io.netty..",
                    "jakarta..", "javax..", "org.hibernate..", "picocli..", "com.fasterxml..", "java.net..",
                    "java.nio.file..", "java.io..", "java.sql..")
            .because("the rules are pure logic shared by every module that checks a push (see README.md)");

    @ArchTest
    static final ArchRule noOtherPaasModule = noClasses().that().resideInAPackage("dev.paas.pushrules..")
            .should().dependOnClassesThat(resideInAPackage("dev.paas..").and(not(resideInAPackage("dev.paas.pushrules.."))))
            .because("the rules depend on nothing of paas: the modules that check pushes depend on them");
}
