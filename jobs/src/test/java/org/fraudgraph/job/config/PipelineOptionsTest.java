package org.fraudgraph.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.node.FeatureSettings;
import org.fraudgraph.ring.RingSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The detection settings are Flink configuration options: their defaults are the built-in ones, the
 * cluster's configuration sets them, a {@code -D} flag wins, and nonsense is refused at start in
 * one line.
 */
class PipelineOptionsTest {
    @Test
    void theDefaultsAreTheBuiltInSettings() {
        assertThat(FeatureOptions.settings(new Configuration()))
                .isEqualTo(FeatureSettings.defaults());
        assertThat(RingOptions.settings(new Configuration())).isEqualTo(RingSettings.defaults());
    }

    @Test
    void everyOptionHasAFraudgraphKeyADefaultAndADescription() {
        assertThat(PipelineConfig.OPTIONS).hasSize(22);
        for (ConfigOption<?> option : PipelineConfig.OPTIONS) {
            assertThat(option.key()).matches("fraudgraph\\.(features|rings)\\.[a-z0-9-]+");
            assertThat(option.hasDefaultValue()).as(option.key()).isTrue();
            assertThat(option.description().getBlocks()).as(option.key()).isNotEmpty();
        }
    }

    @Test
    void theClusterConfigurationSetsThemAndAFlagWins() {
        Configuration cluster = new Configuration();
        cluster.setString("fraudgraph.rings.window", "3d");
        cluster.setString("fraudgraph.features.node-cap", "128");
        JobOptions options = new JobOptions();
        new CommandLine(options)
                .parseArgs(
                        "--bootstrap-servers",
                        "k:9092",
                        "-D",
                        "fraudgraph.features.node-cap=256",
                        "--setting",
                        "fraudgraph.rings.mule-hop=2h");
        assertThat(options.problem()).isNull();
        PipelineConfig config = options.pipeline(cluster);
        assertThat(config.rings().window()).isEqualTo(Duration.ofDays(3));
        assertThat(config.rings().muleHop()).isEqualTo(Duration.ofHours(2));
        assertThat(config.features().nodeCap()).isEqualTo(256);
        assertThat(config.features().twoHopSample()).isEqualTo(64);
        assertThat(options.pipeline().rings().window()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void anUnknownKeyAValueThatDoesNotParseAndSettingsThatDoNotFitAreNamed() {
        assertThat(PipelineConfig.problem(Map.of("fraudgraph.rings.windw", "3d")))
                .startsWith("unknown setting fraudgraph.rings.windw");
        assertThat(PipelineConfig.problem(Map.of("fraudgraph.rings.window", "soon")))
                .startsWith("settings: ")
                .contains("fraudgraph.rings.window")
                .doesNotContain("\n");
        assertThat(PipelineConfig.problem(Map.of("fraudgraph.features.node-cap", "1")))
                .isEqualTo("settings: caps must be positive (node cap at least 2)");
        assertThat(PipelineConfig.problem(Map.of("fraudgraph.rings.mule-accounts", "2")))
                .isEqualTo("settings: a ring needs at least 2 accounts");
        assertThat(PipelineConfig.problem(Map.of("fraudgraph.rings.window", "3d"))).isNull();

        JobOptions options = new JobOptions();
        new CommandLine(options)
                .parseArgs("--bootstrap-servers", "k:9092", "-D", "fraudgraph.features.cap=9");
        assertThat(options.problem()).startsWith("unknown setting fraudgraph.features.cap");
    }
}
