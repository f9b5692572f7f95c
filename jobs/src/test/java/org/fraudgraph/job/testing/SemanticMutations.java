package org.fraudgraph.job.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.TransactionEvent;

/**
 * Valid events turned hostile by meaning rather than by bytes, each mutation with what the job must
 * make of it: huge but allowed strings, strings past their bound, negative amounts, unknown
 * currencies, blank account ids, event times forged ahead or far back, an event id another account
 * already used. Seeded: the same seed gives the same mutations.
 *
 * <pre>{@code
 * SemanticMutations.Mutant m = mutations.mutate(traffic.next(now), earlierEvents);
 * // m.event() is to be scored when m.scored(), else a dead letter
 * }</pre>
 */
public final class SemanticMutations {
    /** One mutated event, what was done to it, and whether the job must score it. */
    public record Mutant(SpecificRecord event, String mutation, boolean scored) {}

    private final Random random;

    public SemanticMutations(long seed) {
        this.random = new Random(seed);
    }

    /**
     * One mutation of {@code event} (changed in place); {@code earlier} are events sent before it,
     * for id collisions.
     */
    public Mutant mutate(SpecificRecord event, List<SpecificRecord> earlier) {
        Schema schema = event.getSchema();
        if (schema.getField("accountId") == null) {
            return new Mutant(event, "none", true);
        }
        int account = schema.getField("accountId").pos();
        int time = schema.getField("eventTime").pos();
        Instant at = (Instant) event.get(time);
        boolean transaction = event instanceof TransactionEvent;
        boolean application = event instanceof ApplicationEvent;
        switch (random.nextInt(10)) {
            case 0 -> {
                event.put(account, "acc-" + "x".repeat(200 + random.nextInt(52)));
                return new Mutant(event, "account id of 204 to 255 characters", true);
            }
            case 1 -> {
                event.put(account, "acc-" + "y".repeat(253 + random.nextInt(200)));
                return new Mutant(event, "account id past 256 characters", false);
            }
            case 2 -> {
                if (transaction || application) {
                    String field = transaction ? "amountMinor" : "requestedAmountMinor";
                    event.put(schema.getField(field).pos(), -1L - random.nextInt(1_000_000));
                    return new Mutant(event, "negative amount", false);
                }
                return new Mutant(event, "none", true);
            }
            case 3 -> {
                if (transaction || application) {
                    event.put(
                            schema.getField("currency").pos(), random.nextBoolean() ? "" : "C N Y");
                    return new Mutant(event, "no ISO 4217 currency", false);
                }
                return new Mutant(event, "none", true);
            }
            case 4 -> {
                event.put(account, " ".repeat(1 + random.nextInt(5)));
                return new Mutant(event, "account id of spaces", false);
            }
            case 5 -> {
                event.put(time, at.plus(Duration.ofMinutes(1 + random.nextInt(55))));
                return new Mutant(event, "event time forged ahead", true);
            }
            case 6 -> {
                Duration back = Duration.ofHours(1 + random.nextInt(150));
                event.put(time, at.minus(back));
                // An old event delivered late: the account was opened before it, so its creation
                // time (when the event says) goes back with it. Left as it was, it would lie
                // hours after the event, a dead letter (VALUE_OUT_OF_RANGE) by the job's bound.
                Schema.Field created = schema.getField("accountCreatedTime");
                if (created != null && event.get(created.pos()) instanceof Instant opened) {
                    event.put(created.pos(), opened.minus(back));
                }
                return new Mutant(event, "event time far back", true);
            }
            case 7 -> {
                if (!earlier.isEmpty()) {
                    SpecificRecord other = earlier.get(random.nextInt(earlier.size()));
                    Object otherAccount = other.get(other.getSchema().getField("accountId").pos());
                    if (!otherAccount.toString().equals(event.get(account).toString())) {
                        event.put(0, other.get(0));
                        return new Mutant(event, "event id of another account's event", true);
                    }
                }
                return new Mutant(event, "none", true);
            }
            default -> {
                return new Mutant(event, "none", true);
            }
        }
    }

    /** The account an event names. */
    public static String accountOf(SpecificRecord event) {
        return String.valueOf(event.get(event.getSchema().getField("accountId").pos()));
    }

    /** A list of mutants' events. */
    public static List<SpecificRecord> events(List<Mutant> mutants) {
        List<SpecificRecord> out = new ArrayList<>();
        for (Mutant m : mutants) {
            out.add(m.event());
        }
        return out;
    }
}
