package org.fraudgraph.cli;

import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.fraudgraph.job.config.PipelineConfig;
import picocli.CommandLine.Command;

/** Lists the detection settings: key, type, default, what it does. */
@Command(
        name = "settings",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the detection settings (fraudgraph.features.*, fraudgraph.rings.*) with their defaults.",
            "Set them with -D KEY=VALUE on run, replay or the job jar, or in the cluster's Flink configuration"
                    + " (the Helm chart's 'settings' value)."
        })
final class SettingsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (ConfigOption<?> option : PipelineConfig.OPTIONS) {
            System.out.printf(
                    "%-42s %-9s %-8s %s%n",
                    option.key(),
                    type(option),
                    option.defaultValue(),
                    option.description().toString().replaceAll("<[^>]+>", ""));
        }
        return 0;
    }

    private static String type(ConfigOption<?> option) {
        return option.defaultValue().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
