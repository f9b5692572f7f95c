package org.fraudgraph.job.options;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.fraudgraph.job.config.PipelineConfig;
import picocli.CommandLine.Option;

/**
 * {@code -D KEY=VALUE}: the command line's thin layer over the pipeline's configuration options
 * ({@code fraudgraph.features.*}, {@code fraudgraph.rings.*}); a flag wins over the same key in the
 * cluster's configuration.
 */
public final class SettingsOption {
    @Option(
            names = {"-D", "--setting"},
            paramLabel = "KEY=VALUE",
            description =
                    "A detection setting, e.g. -D fraudgraph.rings.window=3d (repeatable; 'fraudgraph"
                            + " settings' lists them with their defaults). Also read from the"
                            + " cluster's Flink configuration.")
    public Map<String, String> values = new LinkedHashMap<>();

    /** One line on what is wrong with the settings given, or {@code null}. */
    public String problem() {
        return PipelineConfig.problem(values);
    }

    /** {@code base} (e.g. the cluster's configuration) with these settings on top. */
    public Configuration over(ReadableConfig base) {
        Configuration merged =
                base instanceof Configuration c ? new Configuration(c) : new Configuration();
        values.forEach(merged::setString);
        return merged;
    }
}
