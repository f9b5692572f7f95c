package org.fraudgraph.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * What one throughput run measured: the rate between the 10 % and 90 % marks of the expected
 * results, CPU per event (of this whole process: job, broker and harness), heap and resident memory
 * at the 90 % mark, the job's state size figures (accumulators) and checkpoints (REST).
 */
public record BenchProbes(
        long windowResults,
        double windowSeconds,
        double cpuMicrosPerEvent,
        long heapUsedBytes,
        long residentBytes,
        Map<String, Object> accumulators,
        JsonNode checkpoints) {

    /** Topic setting under which the broker stamps each record with the time it was written. */
    public static final Map<String, String> BROKER_TIME =
            Map.of("message.timestamp.type", "LogAppendTime");

    private static final Duration STALL = Duration.ofSeconds(120);
    private static final Duration HEARTBEATS = Duration.ofSeconds(30);

    public double eventsPerSecond() {
        return windowResults / windowSeconds;
    }

    /**
     * Follows the job's output until {@code expected} results are written.
     *
     * @param stateful whether the job keeps account and node state (then its size is waited for)
     * @throws IllegalStateException when the job ends or nothing new is written for two minutes
     */
    public static BenchProbes follow(
            OutputWatcher watcher,
            long expected,
            JobClient job,
            boolean stateful,
            int restPort,
            PrintStream progress)
            throws Exception {
        long started = System.nanoTime();
        long lastPrint = started;
        long lastCount = -1;
        long lastChange = started;
        long t10 = 0;
        long c10 = 0;
        long cpu10 = 0;
        long t90 = 0;
        long c90 = 0;
        long cpu90 = 0;
        long heap = 0;
        long resident = 0;
        while (true) {
            long count = watcher.count();
            long now = System.nanoTime();
            if (t10 == 0 && count >= expected / 10) {
                t10 = now;
                c10 = count;
                cpu10 = processCpuNanos();
            }
            if (t90 == 0 && count >= expected * 9 / 10) {
                t90 = now;
                c90 = count;
                cpu90 = processCpuNanos();
                heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                resident = residentMemory();
            }
            if (count >= expected) {
                break;
            }
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
            } else if (now - lastChange > STALL.toNanos()) {
                throw new IllegalStateException(
                        "no result for "
                                + STALL.toSeconds()
                                + " s ("
                                + count
                                + " of "
                                + expected
                                + "); job "
                                + job.getJobStatus().get(10, TimeUnit.SECONDS));
            }
            if (now - lastPrint > 5_000_000_000L) {
                lastPrint = now;
                JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                    throw new IllegalStateException(
                            "the job ended (" + status + ") after " + count + " of " + expected);
                }
                progress.printf(
                        "  [%3d s] %,d of %,d results%n",
                        (now - started) / 1_000_000_000L, count, expected);
            }
            Thread.sleep(20);
        }
        Map<String, Object> accumulators = job.getAccumulators().get(30, TimeUnit.SECONDS);
        // A running job's accumulators reach the client with the task managers' heartbeats: a
        // short run can end before the state figures have come.
        long waitUntil = System.nanoTime() + HEARTBEATS.toNanos();
        while (stateful
                && !accumulators.containsKey("node.stateKeys")
                && System.nanoTime() < waitUntil) {
            Thread.sleep(500);
            accumulators = job.getAccumulators().get(30, TimeUnit.SECONDS);
        }
        JsonNode checkpoints = checkpoints(restPort, job.getJobID().toString());
        long results = c90 - c10;
        return new BenchProbes(
                results,
                (t90 - t10) / 1e9,
                results == 0 ? 0 : (cpu90 - cpu10) / 1e3 / results,
                heap,
                resident,
                accumulators,
                checkpoints);
    }

    /** Keyed state bytes per entity (account or node) in state when the last result came. */
    public double stateBytesPerEntity() {
        long keys = number("account.stateKeys") + number("node.stateKeys");
        long bytes = number("account.stateBytes") + number("node.stateBytes");
        return keys == 0 ? 0 : bytes / (double) keys;
    }

    public long entities() {
        return number("account.stateKeys") + number("node.stateKeys");
    }

    public String describeMemoryAndCheckpoints() {
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        "heap used %,d MiB, process resident %s at the 90 %% mark",
                        heapUsedBytes >> 20,
                        residentBytes < 0
                                ? "unknown"
                                : String.format("%,d MiB", residentBytes >> 20)));
        if (entities() > 0) {
            s.append(
                    String.format(
                            "; state: %,d entities, %,.0f bytes each",
                            entities(), stateBytesPerEntity()));
        }
        long completed = checkpoints.path("counts").path("completed").asLong(0);
        if (completed == 0) {
            s.append("; no checkpoint completed during the run");
        } else {
            JsonNode summary = checkpoints.path("summary");
            s.append(
                    String.format(
                            "; %d checkpoints, %,d ms on average (max %,d ms), last %,d KiB (incremental %,d KiB)",
                            completed,
                            summary.path("end_to_end_duration").path("avg").asLong(),
                            summary.path("end_to_end_duration").path("max").asLong(),
                            checkpoints.path("latest").path("completed").path("state_size").asLong()
                                    >> 10,
                            checkpoints
                                            .path("latest")
                                            .path("completed")
                                            .path("checkpointed_size")
                                            .asLong()
                                    >> 10));
        }
        return s.toString();
    }

    private long number(String name) {
        Object value = accumulators.get(name);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static JsonNode checkpoints(int restPort, String jobId) {
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + restPort
                                                                    + "/jobs/"
                                                                    + jobId
                                                                    + "/checkpoints"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            return new ObjectMapper().createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ObjectMapper().createObjectNode();
        }
    }

    /**
     * Samples the heap in use five times a second and keeps the lowest figure: what is left right
     * after a collection, a steadier measure of what the process holds than any one sample.
     */
    public static final class HeapTrough implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "bench-heap-trough");
                            t.setDaemon(true);
                            return t;
                        });
        private final java.util.concurrent.atomic.AtomicLong lowest =
                new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

        public static HeapTrough start() {
            HeapTrough t = new HeapTrough();
            t.timer.scheduleAtFixedRate(
                    () -> {
                        long used =
                                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                        t.lowest.accumulateAndGet(used, Math::min);
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            return t;
        }

        /** The lowest heap use since the last call. */
        public long takeLowest() {
            return lowest.getAndSet(Long.MAX_VALUE);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Resident memory of this process (heap, RocksDB, network buffers), or -1 off Linux. */
    public static long residentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
