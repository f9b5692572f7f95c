package org.fraudgraph.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.fraudgraph.schema.TransactionEvent;
import org.fraudgraph.schema.TransactionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedAvroFileTest {
    @TempDir Path dir;

    private static final Comparator<TransactionEvent> BY_TIME_THEN_ID =
            Comparator.comparing(TransactionEvent::getEventTime)
                    .thenComparing(TransactionEvent::getEventId);

    @Test
    void spillsRunsAndMergesThemIntoOneSortedFile() throws IOException {
        Random random = new Random(3);
        List<TransactionEvent> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            events.add(
                    TransactionEvent.newBuilder()
                            .setEventId("e" + i)
                            .setEventTime(Instant.ofEpochSecond(random.nextInt(100)))
                            .setType(TransactionType.PAYMENT)
                            .setAccountId("a")
                            .setAmountMinor(i)
                            .build());
        }
        Path spill = Files.createDirectories(dir.resolve("spill"));
        List<TransactionEvent> handedOver = new ArrayList<>();
        try (SortedAvroFile<TransactionEvent> sorted =
                new SortedAvroFile<>(TransactionEvent.class, BY_TIME_THEN_ID, spill, 64)) {
            for (TransactionEvent e : events) {
                sorted.add(e);
            }
            assertThat(Files.list(spill).count()).as("runs on disk").isEqualTo(15);
            sorted.finish(dir.resolve("out.avro"), handedOver::add);
        }
        List<TransactionEvent> expected = new ArrayList<>(events);
        expected.sort(BY_TIME_THEN_ID);
        assertThat(handedOver).isEqualTo(expected);
        assertThat(EventFiles.readAll(dir.resolve("out.avro"), TransactionEvent.class))
                .isEqualTo(expected);
        assertThat(Files.list(spill)).isEmpty();
    }
}
