package org.fraudgraph.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.fraudgraph.export.BundleInfo;
import org.fraudgraph.export.ExportException;
import org.fraudgraph.export.PersonalIds;
import org.fraudgraph.export.ReferralExport;
import org.fraudgraph.export.RevealKey;
import org.fraudgraph.job.io.PersonalDataKey;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.RingCase;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Exports one ring case as a police referral bundle, or lists the cases there are.
 *
 * <pre>{@code
 * bin/fraudgraph export --from-file replay-out/cases.avro --list
 * bin/fraudgraph export --from-file replay-out/cases.avro --case case-device-farm-… --out referral
 * }</pre>
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Exports a ring case as a referral bundle for the police (graph files, evidence, a picture, checksums).",
            "The bundle holds ring.graphml, ring.gexf, nodes.csv, edges.csv, evidence.csv, ring.html, summary.md and"
                    + " manifest.json (SHA-256 of every file), in a folder and a zip. Personal identifiers stay hashed"
                    + " unless --reveal-key gives their values; every export appends a line to the audit log. --list"
                    + " lists the cases instead."
        })
final class ExportCommand implements Callable<Integer> {
    static final class Source {
        @Option(
                names = "--from-kafka",
                paramLabel = "HOST:PORT[,...]",
                description = "Read the case topic of this Kafka (read_committed).")
        String kafka;

        @Option(
                names = "--from-file",
                paramLabel = "CASES.avro",
                description = "Read a case file, such as the cases.avro a replay writes.")
        Path file;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--cases-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.cases",
            description = "Case topic for --from-kafka (default: ${DEFAULT-VALUE}).")
    String casesTopic;

    @Mixin KafkaClientOption kafkaClient;

    @Option(names = "--list", description = "List the cases (latest version of each) and stop.")
    boolean list;

    @Option(names = "--case", paramLabel = "CASE_ID", description = "The case to export.")
    String caseId;

    @Option(
            names = "--case-version",
            paramLabel = "V",
            description = "The case version to export (default: the latest).")
    Integer version;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "The bundle folder to write; DIR.zip is written beside it.")
    Path out;

    @Option(names = "--force", description = "Replace an existing non-empty DIR and DIR.zip.")
    boolean force;

    @Option(
            names = "--reveal-key",
            paramLabel = "FILE",
            description =
                    "A reveal key (JSON: {\"format\": \"fraudgraph-reveal-key/1\", \"values\": {hash: value}}) to show personal identifiers.")
    Path revealKey;

    @Option(
            names = "--hmac-key-file",
            paramLabel = "FILE",
            description =
                    "The job's HMAC key (its --hmac-key-file): personal identifiers of the case that arrived raw are hashed"
                            + " with it, so the bundle holds keyed hashes as its manifest says. Without it such a case is not exported.")
    Path hmacKeyFile;

    @Option(
            names = "--hmac-key-env",
            paramLabel = "NAME",
            description = "As --hmac-key-file, with the key in the environment variable NAME.")
    String hmacKeyEnv;

    @Option(
            names = "--investigator",
            paramLabel = "NAME",
            description = "Who exports, for the bundle and the audit log (default: $USER).")
    String investigator;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "Why the ring is referred, for the bundle and the audit log.")
    String reason;

    @Option(
            names = "--audit-log",
            paramLabel = "FILE",
            description =
                    "Append-only log of exports (default: $FRAUDGRAPH_AUDIT_LOG, else ~/.fraudgraph/export-audit.log).")
    Path auditLog;

    @Override
    public Integer call() {
        if (!list && (caseId == null || out == null)) {
            throw new Cli.UsageProblem("export needs --case CASE_ID and --out DIR (or --list)");
        }
        if (version != null && version < 1) {
            throw new Cli.UsageProblem("--case-version must be 1 or more");
        }
        RevealKey key = null;
        if (revealKey != null && !list) {
            try {
                key = RevealKey.read(revealKey);
            } catch (ExportException e) {
                throw new Cli.UsageProblem(e.getMessage());
            }
        }
        String where;
        List<RingCase> versions;
        if (source.file != null) {
            where = source.file.toString();
            versions = CaseSource.fromFile(source.file);
        } else {
            where = casesTopic + " on " + source.kafka;
            new KafkaTopicsOption(source.kafka, kafkaClient).requireTopics(casesTopic);
            versions =
                    CaseSource.fromKafka(
                            kafkaClient.settings(source.kafka),
                            casesTopic,
                            spec.commandLine().getErr());
        }
        Map<String, RingCase> latest = new TreeMap<>();
        for (RingCase c : versions) {
            latest.merge(c.getCaseId(), c, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
        }
        if (list) {
            System.out.printf("%d cases in %s%n", latest.size(), where);
            latest.values().stream()
                    .sorted(Comparator.comparing((RingCase c) -> c.getFirstSeen()))
                    .forEach(c -> System.out.println(listLine(c)));
            return 0;
        }
        List<RingCase> ofCase =
                versions.stream().filter(c -> c.getCaseId().equals(caseId)).toList();
        if (ofCase.isEmpty()) {
            throw new Cli.UsageProblem(
                    "no case "
                            + caseId
                            + " in "
                            + where
                            + " ("
                            + latest.size()
                            + " cases; see --list)");
        }
        RingCase chosen =
                version == null
                        ? latest.get(caseId)
                        : ofCase.stream()
                                .filter(c -> c.getVersion() == version)
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new Cli.UsageProblem(
                                                        "case "
                                                                + caseId
                                                                + " has no version "
                                                                + version
                                                                + " in "
                                                                + where
                                                                + " (versions: "
                                                                + ofCase.stream()
                                                                        .map(
                                                                                c ->
                                                                                        ""
                                                                                                + c
                                                                                                        .getVersion())
                                                                        .distinct()
                                                                        .toList()
                                                                + ")"));
        int hashedHere = 0;
        List<String> raw = PersonalIds.unhashed(chosen);
        if (!raw.isEmpty() && key == null) {
            if (hmacKeyFile == null && hmacKeyEnv == null) {
                throw new Cli.UsageProblem(
                        "case "
                                + chosen.getCaseId()
                                + " holds "
                                + raw.size()
                                + " personal identifier"
                                + (raw.size() == 1 ? "" : "s")
                                + " that do not look like keyed hashes ("
                                + String.join(", ", raw.subList(0, Math.min(3, raw.size())))
                                + (raw.size() > 3 ? ", ..." : "")
                                + "): the job ran without --hmac-key-file. Give export the job's key"
                                + " (--hmac-key-file FILE or --hmac-key-env NAME) to hash them, or --reveal-key to"
                                + " export them as revealed");
            }
            PersonalDataKey place =
                    new PersonalDataKey(
                            hmacKeyFile == null ? null : hmacKeyFile.toString(), hmacKeyEnv);
            try {
                chosen = PersonalIds.pseudonymise(chosen, place.load());
            } catch (IllegalArgumentException e) {
                throw new Cli.UsageProblem(
                        (hmacKeyFile != null ? "--hmac-key-file: " : "--hmac-key-env: ")
                                + e.getMessage());
            }
            hashedHere = raw.size();
        }
        String who =
                investigator != null
                        ? investigator
                        : System.getenv().getOrDefault("USER", System.getProperty("user.name"));
        BundleInfo info =
                new BundleInfo(
                                who,
                                reason,
                                Instant.now(),
                                new FraudGraphCli.Version().getVersion()[0])
                        .withHashedAtExport(hashedHere);
        try {
            ReferralExport.Result r =
                    ReferralExport.write(chosen, out, force, key, info, auditLog());
            System.out.printf(
                    "fraudgraph: exported %s v%d (%s, %s) to %s and %s%n  manifest SHA-256 %s;"
                            + " audit line appended to %s%n",
                    chosen.getCaseId(),
                    chosen.getVersion(),
                    chosen.getKind(),
                    key != null
                            ? "personal data REVEALED"
                            : hashedHere > 0
                                    ? "personal data hashed, "
                                            + hashedHere
                                            + " of it by this export"
                                    : "personal data hashed",
                    r.folder(),
                    r.zip(),
                    r.manifestSha256(),
                    auditLog());
        } catch (ExportException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        return 0;
    }

    private Path auditLog() {
        if (auditLog != null) {
            return auditLog;
        }
        String env = System.getenv("FRAUDGRAPH_AUDIT_LOG");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".fraudgraph", "export-audit.log");
    }

    static String listLine(RingCase c) {
        long accounts =
                c.getMembers().stream()
                        .filter(m -> m.getEntityType() == EntityType.ACCOUNT)
                        .count();
        return String.format(
                Locale.ROOT,
                "%-40s v%-3d %-16s %-7s %4d accounts %4d members  score %.2f",
                c.getCaseId(),
                c.getVersion(),
                c.getKind(),
                c.getStatus(),
                accounts,
                c.getMembers().size(),
                c.getScore());
    }
}
