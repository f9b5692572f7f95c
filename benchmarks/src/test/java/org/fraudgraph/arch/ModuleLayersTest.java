package org.fraudgraph.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's main classes, all modules at once (this module sees every one): no package depends
 * on itself through another, and the arrows between the job, the command line and the harness go
 * one way (jobs ← cli ← benchmarks), so a reader can take in the job without its tools.
 */
class ModuleLayersTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(location -> !location.contains("jmh_generated"))
                        // Other modules' test jars (jobs, cli) are on this module's test class
                        // path.
                        .withImportOption(location -> !location.contains("-tests.jar"))
                        .importPackages("org.fraudgraph");
    }

    @Test
    void everyModuleIsThere() {
        for (String pkg :
                new String[] {
                    "org.fraudgraph.schema",
                    "org.fraudgraph.ring",
                    "org.fraudgraph.replay",
                    "org.fraudgraph.kafka",
                    "org.fraudgraph.job.fn",
                    "org.fraudgraph.cli",
                    "org.fraudgraph.training",
                    "org.fraudgraph.bench.harness"
                }) {
            assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.fraudgraph.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theJobKnowsNothingOfItsTools() {
        noClasses()
                .that()
                .resideInAPackage("org.fraudgraph.job..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.fraudgraph.cli..", "org.fraudgraph.bench..", "org.fraudgraph.kafka..")
                .check(classes);
    }

    @Test
    void theJobScoresTrainedModelsWithoutTheTrainingLibrary() {
        // The job walks a trained model's trees in plain Java (graph-features' TreeEnsemble): no
        // native XGBoost in a TaskManager.
        noClasses()
                .that()
                .resideInAnyPackage("org.fraudgraph.job..", "org.fraudgraph.score..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.fraudgraph.training..", "ml.dmlc..")
                .check(classes);
    }

    @Test
    void theCommandLineKnowsNothingOfTheHarness() {
        noClasses()
                .that()
                .resideInAPackage("org.fraudgraph.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.fraudgraph.bench..")
                .check(classes);
    }
}
