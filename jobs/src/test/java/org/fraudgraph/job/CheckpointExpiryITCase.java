package org.fraudgraph.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.job.testing.JobTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint slower than the job's checkpoint timeout ({@link FlinkSettings#checkpointTimeout}:
 * half of what the Kafka transaction timeout leaves after one interval) fails the job, which
 * restarts from the last completed checkpoint and checkpoints again, on the job's own settings: the
 * sinks' transactions are never left open until the broker aborts them. A stand-in operator whose
 * first snapshot after a completed checkpoint hangs plays the sink whose flush hangs on an
 * unreachable broker.
 */
class CheckpointExpiryITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTesting.miniCluster(new Configuration());

    @TempDir static Path temp;

    /** Runs of the operator: 1, then one more after each restart. */
    static final AtomicInteger RUNS = new AtomicInteger();

    /** The run whose snapshot hung (0 until one did). */
    static final AtomicInteger HUNG_IN = new AtomicInteger();

    /** Checkpoints completed before the hang, and in runs after it. */
    static final AtomicInteger COMPLETED_BEFORE = new AtomicInteger();

    static final AtomicInteger COMPLETED_AFTER = new AtomicInteger();

    /** Records counted when the hanging snapshot began, and the count the next run restored. */
    static final AtomicLong COUNTED_AT_HANG = new AtomicLong(-1);

    static final AtomicLong RESTORED = new AtomicLong(-1);

    @Test
    void aCheckpointSlowerThanItsTimeoutRestartsTheJobFromTheLastOneCompleted() throws Exception {
        FraudGraphJob job = new FraudGraphJob();
        Cli.commandLine(job)
                .parseArgs(
                        "--bootstrap-servers",
                        "k:9092",
                        "--transaction-timeout",
                        "5s",
                        "--checkpoint-interval",
                        "500ms");
        JobOptions options = job.options;
        Configuration conf = FlinkSettings.of(options, temp.toUri().toString());
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMillis(2_250));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(0, Long.MAX_VALUE)
                .uid("numbers")
                .map(new SnapshotThatHangsOnce())
                .uid("hangs-once")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        JobClient client = env.executeAsync("checkpoint-expiry");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (COMPLETED_AFTER.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            client.cancel().get();
        }
        // The hanging snapshot expired and failed the job; it ran again from the checkpoint
        // before it, and checkpointed again.
        assertThat(COMPLETED_BEFORE.get()).isPositive();
        assertThat(HUNG_IN.get()).isPositive();
        assertThat(RUNS.get()).isGreaterThan(HUNG_IN.get());
        assertThat(COMPLETED_AFTER.get()).isPositive();
        assertThat(RESTORED.get()).isPositive().isLessThanOrEqualTo(COUNTED_AT_HANG.get());
    }

    /** Counts its records; its first snapshot after a completed checkpoint hangs for a minute. */
    static final class SnapshotThatHangsOnce extends RichMapFunction<Long, Long>
            implements CheckpointedFunction, CheckpointListener {
        private transient ListState<Long> state;
        private transient long counted;
        private transient int run;
        private transient int completed;

        @Override
        public Long map(Long value) throws InterruptedException {
            counted++;
            if (counted % 100 == 0) {
                // About 100,000 records a second, not a spinning core.
                Thread.sleep(1);
            }
            return value;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            run = RUNS.incrementAndGet();
            state =
                    context.getOperatorStateStore()
                            .getListState(new ListStateDescriptor<>("counted", Types.LONG));
            if (context.isRestored()) {
                for (Long c : state.get()) {
                    counted = c;
                }
                if (HUNG_IN.get() > 0) {
                    RESTORED.compareAndSet(-1, counted);
                }
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            state.update(java.util.List.of(counted));
            if (completed > 0 && HUNG_IN.compareAndSet(0, run)) {
                COUNTED_AT_HANG.set(counted);
                // Interrupted when the failed job cancels the task.
                Thread.sleep(Duration.ofMinutes(1).toMillis());
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completed++;
            int hung = HUNG_IN.get();
            if (hung == 0) {
                COMPLETED_BEFORE.incrementAndGet();
            } else if (run > hung) {
                COMPLETED_AFTER.incrementAndGet();
            }
        }
    }
}
