package org.fraudgraph.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.fraudgraph.feature.MidasR;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.replay.report.RocAuc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores the public DARPA 1998 edge stream with the plain-Java MIDAS-R burst score and measures
 * ROC-AUC.
 */
@Command(
        name = "bench-burst",
        mixinStandardHelpOptions = true,
        description = {
            "Scores every edge of the DARPA 1998 intrusion edge stream (source IP, destination IP, minute, label) with "
                    + "the MIDAS-R edge-burst score and prints ROC-AUC against the attack labels and the scoring speed.",
            "Last line: roc_auc=... edges_per_s=... (published MIDAS-R: about 0.95)."
        })
final class BenchBurstCommand implements Callable<Integer> {
    @Option(
            names = "--darpa",
            paramLabel = "ZIP",
            required = true,
            description = "darpa_original.zip (one CSV inside) or the CSV itself.")
    Path darpa;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "2",
            description = "Count-min sketch rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "--columns",
            paramLabel = "N",
            defaultValue = "1024",
            description = "Count-min sketch columns (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(
            names = "--factor",
            paramLabel = "X",
            defaultValue = "0.5",
            description = "Decay of current counts per tick (default: ${DEFAULT-VALUE}).")
    double factor;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(darpa)) {
            throw new Cli.UsageProblem("no file " + darpa);
        }
        if (rows < 1 || columns < 1 || !(factor >= 0 && factor < 1)) {
            throw new Cli.UsageProblem(
                    "--rows and --columns must be at least 1, --factor in [0, 1)");
        }
        Edges edges = read(darpa);
        System.out.printf(
                "bench-burst: %,d edges, %,d nodes, %,d ticks (minutes), %,d attack edges%n",
                edges.count, edges.nodes, edges.ticks, edges.attacks);
        MidasR midas = new MidasR(rows, columns, factor, 7);
        double[] scores = new double[edges.count];
        long started = System.nanoTime();
        for (int i = 0; i < edges.count; i++) {
            scores[i] = midas.score(edges.source[i], edges.destination[i], edges.tick[i]);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] positives = new double[edges.attacks];
        double[] negatives = new double[edges.count - edges.attacks];
        int p = 0;
        int n = 0;
        for (int i = 0; i < edges.count; i++) {
            if (edges.attack[i]) {
                positives[p++] = scores[i];
            } else {
                negatives[n++] = scores[i];
            }
        }
        double auc = RocAuc.of(positives, negatives);
        System.out.printf(
                "bench-burst: MIDAS-R, %d x %d sketches, decay %.2f: scored in %.2f s%n",
                rows, columns, factor, seconds);
        System.out.printf(
                java.util.Locale.ROOT,
                "roc_auc=%.4f edges_per_s=%.0f%n",
                auc,
                edges.count / seconds);
        return 0;
    }

    /**
     * The stream as arrays of node ids and tick numbers (1, 2, ... per distinct minute, in file
     * order).
     */
    private static final class Edges {
        int count;
        int nodes;
        int ticks;
        int attacks;
        int[] source = new int[1 << 20];
        int[] destination = new int[1 << 20];
        int[] tick = new int[1 << 20];
        boolean[] attack = new boolean[1 << 20];

        void add(int s, int d, int t, boolean a) {
            if (count == source.length) {
                int size = count * 2;
                source = Arrays.copyOf(source, size);
                destination = Arrays.copyOf(destination, size);
                tick = Arrays.copyOf(tick, size);
                attack = Arrays.copyOf(attack, size);
            }
            source[count] = s;
            destination[count] = d;
            tick[count] = t;
            attack[count] = a;
            attacks += a ? 1 : 0;
            count++;
        }
    }

    private static Edges read(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".zip")) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry entry =
                        zip.stream()
                                .filter(e -> e.getName().endsWith(".csv"))
                                .findFirst()
                                .orElseThrow(
                                        () -> new Cli.UsageProblem(file + " holds no .csv file"));
                try (BufferedReader in =
                        new BufferedReader(
                                new InputStreamReader(
                                        zip.getInputStream(entry), StandardCharsets.US_ASCII))) {
                    return parse(in, file);
                }
            }
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return parse(in, file);
        }
    }

    private static Edges parse(BufferedReader in, Path file) throws IOException {
        Edges edges = new Edges();
        Map<String, Integer> nodes = new HashMap<>();
        String minute = null;
        int tick = 0;
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new Cli.UsageProblem(
                        file
                                + " line "
                                + number
                                + ": expected source,destination,MM/DD/YYYY-HH:MM,label");
            }
            if (!f[2].equals(minute)) {
                minute = f[2];
                tick++;
            }
            int s = nodes.computeIfAbsent(f[0], k -> nodes.size());
            int d = nodes.computeIfAbsent(f[1], k -> nodes.size());
            edges.add(s, d, tick, !f[3].equals("-"));
        }
        if (edges.count == 0) {
            throw new Cli.UsageProblem(file + " holds no edges");
        }
        edges.nodes = nodes.size();
        edges.ticks = tick;
        return edges;
    }
}
