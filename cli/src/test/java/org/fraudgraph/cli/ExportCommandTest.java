package org.fraudgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.EvidenceEvent;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingEdge;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.codec.Pseudonymiser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraudgraph export} and {@code verify-bundle} on a case file, as an investigator runs them.
 */
@Tag("hostile")
class ExportCommandTest {
    static final Instant T0 = Instant.parse("2026-11-03T11:19:00Z");

    @TempDir Path tmp;

    /** A farm case of {@code accounts} accounts on one device, as version {@code version}. */
    static RingCase farm(String id, int version, int accounts) {
        List<RingMember> members = new ArrayList<>();
        List<RingEdge> edges = new ArrayList<>();
        List<EvidenceEvent> evidence = new ArrayList<>();
        members.add(member(EntityType.DEVICE, "emu-1"));
        for (int i = 1; i <= accounts; i++) {
            members.add(member(EntityType.ACCOUNT, "acc-" + i));
            edges.add(
                    RingEdge.newBuilder()
                            .setSourceType(EntityType.ACCOUNT)
                            .setSourceId("acc-" + i)
                            .setTargetType(EntityType.DEVICE)
                            .setTargetId("emu-1")
                            .setRelation("USES_DEVICE")
                            .setFirstSeen(T0.plusSeconds(i))
                            .setLastSeen(T0.plusSeconds(i))
                            .setCount(1)
                            .setEvidenceEventIds(List.of("ev-" + i))
                            .build());
            evidence.add(
                    EvidenceEvent.newBuilder()
                            .setEventId("ev-" + i)
                            .setEventTime(T0.plusSeconds(i))
                            .setKind(EventKind.DEVICE)
                            .setAccountId("acc-" + i)
                            .setDeviceId("emu-1")
                            .setIp("45.77.1." + i)
                            .build());
        }
        return RingCase.newBuilder()
                .setCaseId(id)
                .setVersion(version)
                .setKind(RingKind.DEVICE_FARM)
                .setStatus(CaseStatus.OPEN)
                .setScore(0.5)
                .setReasons(
                        List.of(
                                new ReasonCode(
                                        "DEVICE_FARM",
                                        0.5,
                                        accounts + " accounts on 1 shared device")))
                .setMembers(members)
                .setEdges(edges)
                .setFirstSeen(T0)
                .setLastSeen(T0.plusSeconds(accounts))
                .setConfigVersion("rings-1")
                .setEvidence(evidence)
                .build();
    }

    private static RingMember member(EntityType type, String id) {
        return RingMember.newBuilder()
                .setEntityType(type)
                .setEntityId(id)
                .setFirstSeen(T0)
                .setLastSeen(T0)
                .build();
    }

    private Path caseFile() throws Exception {
        return caseFile(
                "cases.avro",
                farm("case-device-farm-aaaa", 1, 3),
                farm("case-device-farm-aaaa", 2, 5),
                farm("case-device-farm-bbbb", 1, 4));
    }

    /** A case file as a replay writes it. */
    private Path caseFile(String name, RingCase... cases) throws Exception {
        Path file = tmp.resolve(name);
        try (DataFileWriter<RingCase> w =
                new DataFileWriter<>(new SpecificDatumWriter<>(RingCase.class))) {
            w.create(RingCase.getClassSchema(), new File(file.toString()));
            for (RingCase c : cases) {
                w.append(c);
            }
        }
        return file;
    }

    @Test
    void listsExportsAndVerifiesABundle() throws Exception {
        Path cases = caseFile();
        String audit = tmp.resolve("audit.log").toString();
        CliRun list = CliRun.of("export", "--from-file", cases.toString(), "--list");
        assertThat(list.exit()).isZero();
        assertThat(list.out())
                .contains("2 cases in " + cases)
                .containsPattern("case-device-farm-aaaa +v2 +DEVICE_FARM +OPEN +5 accounts");

        Path out = tmp.resolve("referral");
        CliRun export =
                CliRun.of(
                        "export",
                        "--from-file",
                        cases.toString(),
                        "--case",
                        "case-device-farm-aaaa",
                        "--case-version",
                        "1",
                        "--out",
                        out.toString(),
                        "--investigator",
                        "j.doe",
                        "--audit-log",
                        audit);
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out())
                .contains("exported case-device-farm-aaaa v1 (DEVICE_FARM, personal data hashed)");
        assertThat(Files.readAllLines(out.resolve("nodes.csv"))).hasSize(1 + 4);
        assertThat(Files.readString(Path.of(audit))).contains("\"investigator\":\"j.doe\"");

        CliRun verified = CliRun.of("verify-bundle", out.toString());
        assertThat(verified.exit()).isZero();
        assertThat(verified.out()).contains("verifies: 7 files match manifest.json");

        Files.writeString(out.resolve("summary.md"), "# nothing to see here\n");
        CliRun tampered = CliRun.of("verify-bundle", out.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("does NOT verify", "summary.md: changed");
    }

    @Test
    void rawPersonalIdentifiersAreHashedWithTheJobsKeyOrTheCaseIsNotExported() throws Exception {
        RingCase raw = farm("case-device-farm-raw", 1, 2);
        RingMember phone = member(EntityType.PHONE, "13800138000");
        raw.getMembers().add(phone);
        raw.getMembers().add(member(EntityType.PHONE, "9f2c44aa01de7b3c"));
        raw.getEdges()
                .add(
                        RingEdge.newBuilder(raw.getEdges().get(0))
                                .setTargetType(EntityType.PHONE)
                                .setTargetId("13800138000")
                                .setRelation("GAVE_PHONE")
                                .build());
        Path cases = caseFile("raw.avro", raw);
        String audit = tmp.resolve("audit.log").toString();
        Path out = tmp.resolve("raw-referral");
        CliRun refused =
                CliRun.of(
                        "export",
                        "--from-file",
                        cases.toString(),
                        "--case",
                        "case-device-farm-raw",
                        "--out",
                        out.toString(),
                        "--audit-log",
                        audit);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .contains(
                        "case case-device-farm-raw holds 1 personal identifier that do not look like"
                                + " keyed hashes (PHONE of 11 characters)")
                .doesNotContain("13800138000");
        assertThat(out).doesNotExist();

        Path key = tmp.resolve("hmac.key");
        Files.writeString(
                key, "3f1c9a7e5b2d4806e1f7a3c5b9d2e4f60718293a4b5c6d7e8f90a1b2c3d4e5f6\n");
        CliRun hashed =
                CliRun.of(
                        "export",
                        "--from-file",
                        cases.toString(),
                        "--case",
                        "case-device-farm-raw",
                        "--out",
                        out.toString(),
                        "--audit-log",
                        audit,
                        "--hmac-key-file",
                        key.toString());
        assertThat(hashed.exit()).as(hashed.err()).isZero();
        assertThat(hashed.out()).contains("personal data hashed, 1 of it by this export");
        String expected = Pseudonymiser.withKey(Pseudonymiser.readKeyFile(key)).hash("13800138000");
        for (String file : List.of("nodes.csv", "edges.csv", "ring.graphml", "manifest.json")) {
            assertThat(Files.readString(out.resolve(file))).doesNotContain("13800138000");
        }
        assertThat(Files.readString(out.resolve("nodes.csv")))
                .contains(expected)
                .contains("9f2c44aa01de7b3c");
        assertThat(Files.readString(out.resolve("edges.csv")))
                .contains("phone " + expected.substring(0, 12));
        assertThat(Files.readString(out.resolve("manifest.json")))
                .contains("\"personalData\" : \"hashed\"")
                .contains("\"hashedAtExport\" : 1");
    }

    @Test
    void badInputGetsOneLineAndANonZeroExit() throws Exception {
        Path cases = caseFile();
        String audit = tmp.resolve("audit.log").toString();
        CliRun unknown =
                CliRun.of(
                        "export",
                        "--from-file",
                        cases.toString(),
                        "--case",
                        "case-nope",
                        "--out",
                        tmp.resolve("x").toString(),
                        "--audit-log",
                        audit);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip())
                .isEqualTo("fraudgraph: no case case-nope in " + cases + " (2 cases; see --list)");

        CliRun noVersion =
                CliRun.of(
                        "export",
                        "--from-file",
                        cases.toString(),
                        "--case",
                        "case-device-farm-aaaa",
                        "--case-version",
                        "7",
                        "--out",
                        tmp.resolve("x").toString(),
                        "--audit-log",
                        audit);
        assertThat(noVersion.exit()).isEqualTo(2);
        assertThat(noVersion.err()).contains("has no version 7", "(versions: [1, 2])");

        Path corrupt = tmp.resolve("corrupt.avro");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5});
        CliRun broken = CliRun.of("export", "--from-file", corrupt.toString(), "--list");
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err().strip())
                .startsWith("fraudgraph: " + corrupt + " is not a readable case file")
                .doesNotContain("\n");

        Path taken = tmp.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("keep.txt"), "mine");
        CliRun refused =
                CliRun.of(
                        "export",
                        "--from-file",
                        cases.toString(),
                        "--case",
                        "case-device-farm-bbbb",
                        "--out",
                        taken.toString(),
                        "--audit-log",
                        audit);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("exists and is not empty (use --force to replace it)");
        assertThat(taken.resolve("keep.txt")).exists();

        Path key = tmp.resolve("key.json");
        Files.writeString(key, "{not json");
        CliRun badKey =
                CliRun.of(
                        "export",
                        "--from-file",
                        cases.toString(),
                        "--case",
                        "case-device-farm-bbbb",
                        "--out",
                        tmp.resolve("y").toString(),
                        "--reveal-key",
                        key.toString(),
                        "--audit-log",
                        audit);
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err().strip())
                .startsWith("fraudgraph: the reveal key " + key + " is not JSON")
                .doesNotContain("\n");
        assertThat(tmp.resolve("y")).doesNotExist();
        assertThat(Path.of(audit)).as("nothing exported, nothing audited").doesNotExist();

        CliRun missing = CliRun.of("export", "--from-file", cases.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("export needs --case CASE_ID and --out DIR (or --list)");

        CliRun notABundle = CliRun.of("verify-bundle", tmp.toString());
        assertThat(notABundle.exit()).isEqualTo(2);
        assertThat(notABundle.err().strip())
                .isEqualTo("fraudgraph: " + tmp + " has no manifest.json: not a referral bundle");
    }
}
