package org.fraudgraph.replay;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How varied a generated data set's rings are: a tuner tunes on one profile and tests on another.
 *
 * <ul>
 *   <li>{@link #CLASSIC}: every ring of a kind the same, as the settings say (size, speed,
 *       camouflage); the data sets this project was tuned on, byte for byte.
 *   <li>{@link #VARIED}: each ring draws its own size, speed and camouflage from wide ranges:
 *       device farms of 8 to 60 accounts, application rings of 5 to 20, cash-out rings of 3 to 12,
 *       mule chains of 3 to 8 hops; a pace from five times slower to three times faster than the
 *       classic one (log-uniform, so slow and fast crews are as likely); normal activity from none
 *       to an honest customer's. The settings' counts of rings stay; their sizes are ignored.
 * </ul>
 */
public enum GeneratorProfile {
    CLASSIC,
    VARIED;

    /** One ring's drawn shape: its size (accounts or hops), pace and camouflage. */
    public record RingShape(int size, double speed, double camouflage) {}

    /** The profile of a name, case aside; {@code null} for an unknown one. */
    public static GeneratorProfile of(String name) {
        for (GeneratorProfile p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The shape of one ring of size range {@code [min, max]} whose classic size is {@code size}:
     * the classic one draws nothing from {@code random}, so classic data sets stay as they were.
     */
    RingShape shape(int size, int min, int max, GeneratorConfig config, SplittableRandom random) {
        if (this == CLASSIC) {
            return new RingShape(size, config.speed(), config.camouflage());
        }
        int drawn = min + random.nextInt(max - min + 1);
        double speed =
                Math.exp(Math.log(0.2) + random.nextDouble() * (Math.log(3) - Math.log(0.2)));
        return new RingShape(drawn, speed, random.nextDouble());
    }
}
