package org.fraudgraph.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** graph-features stays plain Java: unit-testable and benchmarkable without a stream processor. */
class NoFlinkInGraphFeaturesTest {
    @Test
    void graphFeaturesNeverDependsOnFlink() {
        JavaClasses classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(
                                "org.fraudgraph.graph",
                                "org.fraudgraph.window",
                                "org.fraudgraph.feature",
                                "org.fraudgraph.ring",
                                "org.fraudgraph.score",
                                "org.fraudgraph.export");
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(classes);
    }
}
