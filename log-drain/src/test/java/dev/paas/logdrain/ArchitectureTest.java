package dev.paas.logdrain;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Log drains: a pure core, the JDK only, no other paas module (the control plane and the agents both use it). */
@AnalyzeClasses(packages = "dev.paas.logdrain", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPure = noClasses().that().resideInAPackage("dev.paas.logdrain.core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..", "javax.net..",
                    "dev.paas.logdrain.infra..")
            .because("the message format and URL rules are pure (STYLE.md §1); sockets belong to infra");

    @ArchTest
    static final ArchRule noOtherModule = noClasses().that().resideInAPackage("dev.paas.logdrain..")
            .should().dependOnClassesThat(resideInAPackage("dev.paas..").and(not(resideInAPackage("dev.paas.logdrain.."))))
            .because("both the control plane and the node agents ship with it; it needs none of theirs");
}
