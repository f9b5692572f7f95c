package org.fraudgraph.job.options;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;

/**
 * Reads {@code 500ms}, {@code 10s}, {@code 5min}, {@code 24h}, {@code 7d} (Flink's duration
 * syntax).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return TimeUtils.parseDuration(value);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (examples: 500ms, 10s, 5min, 24h, 7d)");
        }
    }
}
