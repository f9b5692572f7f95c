package org.fraudgraph.job.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.job.fn.FeedbackToAccountEvents;
import org.fraudgraph.node.AccountState;
import org.fraudgraph.node.AccountStateSerializer;
import org.fraudgraph.node.AccountStep;
import org.fraudgraph.node.EdgeRequest;
import org.fraudgraph.node.FeatureSettings;
import org.fraudgraph.node.NodeState;
import org.fraudgraph.node.NodeStateSerializer;
import org.fraudgraph.schema.ApplicationEvent;
import org.fraudgraph.schema.DeadLetter;
import org.fraudgraph.schema.DeadLetterReason;
import org.fraudgraph.schema.DeviceEvent;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.codec.AvroCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer at the job's edge: real events from the committed sample, encoded as on
 * the wire, then bit flips, truncations, spliced and repeated slices, and planted huge or negative
 * Avro lengths. Every mutant goes through the source's decoder; what decodes goes on through the
 * account and node state code. Nothing may throw, hang or run out of memory: a mutant is an event
 * or a dead letter with a reason and a one-line detail. A failure prints the mutant in hex, so it
 * can be replayed by hand. Fixed seeds: the same mutants on every run.
 */
@Tag("hostile")
class HostileBytesFuzzTest {
    private static final int MUTANTS_PER_TYPE = 20_000;
    private static final File SAMPLE = new File("../replay-data/sample");
    private static final FeatureSettings SETTINGS = FeatureSettings.defaults();

    @Test
    void mutatedTransactionsAreEventsOrDeadLetters() throws Exception {
        fuzz(TransactionEvent.class, "transactions.avro", 11L, e -> List.of(AccountEvent.of(e)));
    }

    @Test
    void mutatedDeviceEventsAreEventsOrDeadLetters() throws Exception {
        fuzz(DeviceEvent.class, "devices.avro", 12L, e -> List.of(AccountEvent.of(e)));
    }

    @Test
    void mutatedApplicationsAreEventsOrDeadLetters() throws Exception {
        fuzz(
                ApplicationEvent.class,
                "applications.avro",
                13L,
                e -> List.of(AccountEvent.of(e, SETTINGS.maxContacts())));
    }

    @Test
    void mutatedVerdictsAreEventsOrDeadLetters() throws Exception {
        fuzz(
                FeedbackEvent.class,
                "feedback.avro",
                14L,
                e -> {
                    List<AccountEvent> out = new ArrayList<>();
                    new FeedbackToAccountEvents().flatMap(e, collector(out));
                    return out;
                });
    }

    private static <T extends SpecificRecordBase> void fuzz(
            Class<T> type, String file, long seed, Function<T, List<AccountEvent>> toEvents)
            throws Exception {
        AvroCodec<T> codec = AvroCodec.of(type);
        List<byte[]> seeds = new ArrayList<>();
        try (DataFileReader<T> reader =
                new DataFileReader<>(new File(SAMPLE, file), new SpecificDatumReader<>(type))) {
            while (reader.hasNext() && seeds.size() < 64) {
                seeds.add(codec.encode(reader.next()));
            }
        }
        assertThat(seeds).as("seed events from " + file).isNotEmpty();
        // Far-future events are dead letters; the sample's are old, so a generous skew keeps
        // them events and lets the mutants reach the state code.
        DecodingDeserializer<T> decoder = new DecodingDeserializer<>(type, Duration.ofDays(3650));
        Random random = new Random(seed);
        Map<DeadLetterReason, Integer> reasons = new EnumMap<>(DeadLetterReason.class);
        int[] decoded = {0};
        assertTimeoutPreemptively(
                Duration.ofSeconds(120),
                () -> {
                    Map<String, AccountState> accounts = new HashMap<>();
                    Map<String, NodeState> nodes = new HashMap<>();
                    for (int i = 0; i < MUTANTS_PER_TYPE; i++) {
                        byte[] mutant = Mutator.mutate(seeds, random);
                        try {
                            List<Either<DeadLetter, T>> out = new ArrayList<>();
                            decoder.deserialize(
                                    new ConsumerRecord<>(file, 0, i, null, mutant), collector(out));
                            assertThat(out).hasSize(1);
                            Either<DeadLetter, T> result = out.get(0);
                            if (result.isLeft()) {
                                DeadLetter letter = result.left();
                                assertThat(letter.getReason()).isNotNull();
                                assertThat(letter.getDetail()).isNotBlank().doesNotContain("\n");
                                // The original bytes, unless they decoded to raw-looking
                                // personal data, which a job without an HMAC key withholds.
                                if (letter.getDetail().contains("payload withheld")) {
                                    assertThat(letter.getPayload().remaining()).isZero();
                                } else {
                                    assertThat(letter.getPayload().remaining())
                                            .isEqualTo(mutant.length);
                                }
                                reasons.merge(letter.getReason(), 1, Integer::sum);
                            } else {
                                decoded[0]++;
                                for (AccountEvent event : toEvents.apply(result.right())) {
                                    apply(event, accounts, nodes);
                                }
                            }
                        } catch (Throwable t) {
                            fail(
                                    type.getSimpleName()
                                            + " mutant "
                                            + i
                                            + " threw "
                                            + t
                                            + "; bytes: "
                                            + HexFormat.of().formatHex(mutant),
                                    t);
                        }
                    }
                });
        // The mutator must reach both ends: bodies that still decode and every kind of refusal.
        assertThat(decoded[0]).as("mutants that still decode").isGreaterThan(100);
        assertThat(reasons)
                .containsKeys(
                        DeadLetterReason.NOT_SINGLE_OBJECT,
                        DeadLetterReason.UNKNOWN_SCHEMA,
                        DeadLetterReason.MALFORMED_BODY);
    }

    /** The account stage's and the node stage's state code, as the operators run it. */
    private static void apply(
            AccountEvent event, Map<String, AccountState> accounts, Map<String, NodeState> nodes) {
        List<EdgeRequest> requests;
        if (event.entityVerdict) {
            return;
        }
        AccountState account =
                AccountStateSerializer.deserialize(
                        accounts.containsKey(event.accountId)
                                ? AccountStateSerializer.serialize(accounts.get(event.accountId))
                                : null);
        if (account.alreadyApplied(event.eventId)) {
            return;
        }
        AccountStep step = account.apply(event, SETTINGS);
        accounts.put(event.accountId, account);
        requests = step.requests;
        for (EdgeRequest request : requests) {
            NodeKind kind = NodeKind.ofKey(request.node);
            NodeState before = nodes.get(request.node);
            NodeState node =
                    NodeStateSerializer.deserialize(
                            kind,
                            before == null ? null : NodeStateSerializer.serialize(before),
                            SETTINGS);
            node.apply(request, SETTINGS);
            nodes.put(request.node, node);
        }
        assertThat(step.answersExpected()).isGreaterThanOrEqualTo(0);
    }

    private static <X> Collector<X> collector(List<X> out) {
        return new Collector<>() {
            @Override
            public void collect(X record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }

    /** Mutations that break Avro's single-object framing, its varints and its lengths. */
    static final class Mutator {
        private static final int HEADER = 10;
        private static final long[] HOSTILE_LENGTHS = {
            -1,
            -2,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE - 8,
            1L << 31,
            1L << 40,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            100_000_000
        };

        private Mutator() {}

        static byte[] mutate(List<byte[]> seeds, Random random) {
            byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
            int rounds = 1 + random.nextInt(3);
            for (int r = 0; r < rounds; r++) {
                bytes = once(bytes, seeds, random);
            }
            return bytes;
        }

        private static byte[] once(byte[] bytes, List<byte[]> seeds, Random random) {
            if (bytes.length == 0) {
                return new byte[] {(byte) random.nextInt(256)};
            }
            // Mostly the body, so the mutants get past the header to the decoder.
            int from = bytes.length > HEADER && random.nextInt(10) < 8 ? HEADER : 0;
            int at = from + random.nextInt(Math.max(1, bytes.length - from));
            switch (random.nextInt(8)) {
                case 0:
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                    return bytes;
                case 1:
                    bytes[at] = (byte) new int[] {0x00, 0x01, 0x7f, 0x80, 0xff}[random.nextInt(5)];
                    return bytes;
                case 2:
                    return java.util.Arrays.copyOf(bytes, at);
                case 3:
                    return splice(bytes, at, zigzag(HOSTILE_LENGTHS[random.nextInt(9)]), 0);
                case 4:
                    {
                        int len = 1 + random.nextInt(Math.min(16, bytes.length - at));
                        byte[] slice = java.util.Arrays.copyOfRange(bytes, at, at + len);
                        return splice(bytes, at, slice, 0);
                    }
                case 5:
                    {
                        int len = 1 + random.nextInt(Math.min(16, bytes.length - at));
                        return splice(bytes, at, new byte[0], len);
                    }
                case 6:
                    {
                        byte[] other = seeds.get(random.nextInt(seeds.size()));
                        int cut = random.nextInt(other.length);
                        return splice(
                                java.util.Arrays.copyOf(bytes, at),
                                at,
                                java.util.Arrays.copyOfRange(other, cut, other.length),
                                0);
                    }
                default:
                    // A varint that never ends.
                    byte[] endless = new byte[1 + random.nextInt(12)];
                    java.util.Arrays.fill(endless, (byte) 0xff);
                    return splice(bytes, at, endless, 0);
            }
        }

        /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
        private static byte[] splice(byte[] bytes, int at, byte[] inserted, int removed) {
            int tail = Math.max(0, bytes.length - at - removed);
            byte[] out = new byte[at + inserted.length + tail];
            System.arraycopy(bytes, 0, out, 0, at);
            System.arraycopy(inserted, 0, out, at, inserted.length);
            System.arraycopy(bytes, bytes.length - tail, out, at + inserted.length, tail);
            return out;
        }

        private static byte[] zigzag(long value) {
            long n = (value << 1) ^ (value >> 63);
            byte[] buffer = new byte[10];
            int i = 0;
            while ((n & ~0x7FL) != 0) {
                buffer[i++] = (byte) ((n & 0x7f) | 0x80);
                n >>>= 7;
            }
            buffer[i++] = (byte) n;
            return java.util.Arrays.copyOf(buffer, i);
        }
    }
}
