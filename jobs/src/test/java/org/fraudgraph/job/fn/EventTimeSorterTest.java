package org.fraudgraph.job.fn;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.schema.EventKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventTimeSorterTest {
    private KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, AccountEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new EventTimeSorter(PipelineConfig.defaults().inEventTimeOrder())),
                        e -> e.accountId,
                        Types.STRING);
        harness.setStateBackend(new HashMapStateBackend());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String id, EventKind kind, long time) throws Exception {
        harness.processElement(
                new AccountEvent(id, kind, "acc-1", time, 0, AccountEvent.Feedback.NONE), time);
    }

    @Test
    void releasesEventsInEventTimeOrderOnceTheWatermarkPassesThemAndDrains() throws Exception {
        send("c", EventKind.TRANSACTION, 300);
        send("b", EventKind.DEVICE, 100);
        send("a", EventKind.TRANSACTION, 100);
        send("d", EventKind.TRANSACTION, 200);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("one map for the account").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("one timer per distinct time").isEqualTo(3);

        harness.processWatermark(200);
        assertThat(harness.extractOutputValues())
                .extracting(e -> e.eventId)
                .containsExactly("a", "b", "d");

        harness.processWatermark(1_000);
        assertThat(harness.extractOutputValues())
                .extracting(e -> e.eventId)
                .containsExactly("a", "b", "d", "c");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void passesALateEventOnAtOnce() throws Exception {
        harness.processWatermark(500);
        send("late", EventKind.TRANSACTION, 100);
        assertThat(harness.extractOutputValues())
                .extracting(e -> e.eventId)
                .containsExactly("late");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
