package org.fraudgraph.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;
import org.fraudgraph.job.config.PipelineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-42s %-9s %-8s %s%n", "key", "type", "default", "what it does");
        for (ConfigOption<?> option : PipelineConfig.OPTIONS) {
            out.printf(
                    "%-42s %-9s %-8s %s%n",
                    option.key(),
                    type(option),
                    value(option.defaultValue()),
                    new HtmlFormatter().format(option.description()).replace("&#39;", "'"));
        }
        out.flush();
        return 0;
    }

    /** Durations as the flags take them (30 d, 1 min), the rest as they are. */
    private static String value(Object value) {
        return value instanceof Duration d
                ? TimeUtils.formatWithHighestUnit(d).replace(" ", "")
                : String.valueOf(value);
    }

    private static String type(ConfigOption<?> option) {
        return option.defaultValue().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
