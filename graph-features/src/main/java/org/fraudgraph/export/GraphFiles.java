package org.fraudgraph.export;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraudgraph.export.CaseGraph.Event;
import org.fraudgraph.export.CaseGraph.Link;
import org.fraudgraph.export.CaseGraph.Node;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.gexf.GEXFAttributeType;
import org.jgrapht.nio.gexf.GEXFExporter;
import org.jgrapht.nio.graphml.GraphMLExporter;

/**
 * The ring as files for analysts' tools: GraphML (yEd, Gephi), GEXF (Gephi), and CSV with a header
 * row (i2 Analyst's Notebook, a spreadsheet). Nodes and edges carry the same attributes in every
 * format; times are ISO-8601 UTC, amounts in minor units (fen).
 */
final class GraphFiles {
    static final List<String> NODE_COLUMNS =
            List.of(
                    "node",
                    "type",
                    "entity_id",
                    "label",
                    "personal",
                    "revealed",
                    "first_seen",
                    "last_seen",
                    "degree");
    static final List<String> EDGE_COLUMNS =
            List.of(
                    "edge",
                    "source",
                    "target",
                    "source_label",
                    "target_label",
                    "relation",
                    "first_seen",
                    "last_seen",
                    "count",
                    "amount_minor",
                    "evidence_event_ids");
    static final List<String> EVIDENCE_COLUMNS =
            List.of(
                    "time",
                    "event_id",
                    "kind",
                    "account",
                    "amount_minor",
                    "device",
                    "ip",
                    "merchant",
                    "counterparty_account");

    private GraphFiles() {}

    private static Map<String, Object> nodeRow(CaseGraph g, Node n) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("node", n.ref());
        row.put("type", n.type().name());
        row.put("entity_id", n.entityId());
        row.put("label", n.label());
        row.put("personal", n.personal());
        row.put("revealed", n.revealed());
        row.put("first_seen", n.firstSeen().toString());
        row.put("last_seen", n.lastSeen().toString());
        row.put("degree", g.degree(n));
        return row;
    }

    private static Map<String, Object> edgeRow(Link l) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("edge", l.ref());
        row.put("source", l.source().ref());
        row.put("target", l.target().ref());
        row.put("source_label", l.source().label());
        row.put("target_label", l.target().label());
        row.put("relation", l.relation());
        row.put("first_seen", l.firstSeen().toString());
        row.put("last_seen", l.lastSeen().toString());
        row.put("count", l.count());
        row.put("amount_minor", l.amountMinor());
        row.put("evidence_event_ids", String.join(" ", l.evidenceEventIds()));
        return row;
    }

    private static Map<String, Object> eventRow(Event e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", e.time().toString());
        row.put("event_id", e.eventId());
        row.put("kind", e.kind());
        row.put("account", e.accountId());
        row.put("amount_minor", e.amountMinor());
        row.put("device", e.deviceId());
        row.put("ip", e.ip());
        row.put("merchant", e.merchantId());
        row.put("counterparty_account", e.counterpartyAccountId());
        return row;
    }

    static void writeCsv(CaseGraph g, Path dir) throws IOException {
        csv(dir.resolve("nodes.csv"), NODE_COLUMNS, g.nodes().stream().map(n -> nodeRow(g, n)));
        csv(dir.resolve("edges.csv"), EDGE_COLUMNS, g.links().stream().map(GraphFiles::edgeRow));
        csv(
                dir.resolve("evidence.csv"),
                EVIDENCE_COLUMNS,
                g.events().stream().map(GraphFiles::eventRow));
    }

    private static void csv(
            Path file, List<String> columns, java.util.stream.Stream<Map<String, Object>> rows)
            throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                SequenceWriter out = new CsvMapper().writer(schema.build()).writeValues(w)) {
            for (Map<String, Object> row : (Iterable<Map<String, Object>>) rows::iterator) {
                out.write(row);
            }
        }
    }

    private static Map<String, Attribute> nodeAttributes(CaseGraph g, Node n) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("label", DefaultAttribute.createAttribute(n.label()));
        a.put("type", DefaultAttribute.createAttribute(n.type().name()));
        a.put("entity_id", DefaultAttribute.createAttribute(n.entityId()));
        a.put("personal", DefaultAttribute.createAttribute(n.personal()));
        a.put("revealed", DefaultAttribute.createAttribute(n.revealed()));
        a.put("first_seen", DefaultAttribute.createAttribute(n.firstSeen().toString()));
        a.put("last_seen", DefaultAttribute.createAttribute(n.lastSeen().toString()));
        a.put("degree", DefaultAttribute.createAttribute(g.degree(n)));
        return a;
    }

    private static Map<String, Attribute> edgeAttributes(Link l) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("label", DefaultAttribute.createAttribute(l.relation() + " ×" + l.count()));
        a.put("relation", DefaultAttribute.createAttribute(l.relation()));
        a.put("first_seen", DefaultAttribute.createAttribute(l.firstSeen().toString()));
        a.put("last_seen", DefaultAttribute.createAttribute(l.lastSeen().toString()));
        a.put("count", DefaultAttribute.createAttribute(l.count()));
        a.put("amount_minor", DefaultAttribute.createAttribute(l.amountMinor()));
        a.put(
                "evidence_event_ids",
                DefaultAttribute.createAttribute(String.join(" ", l.evidenceEventIds())));
        return a;
    }

    static void writeGraphMl(CaseGraph g, Path file) throws IOException {
        GraphMLExporter<Node, Link> x = new GraphMLExporter<>(Node::ref);
        x.setEdgeIdProvider(Link::ref);
        GraphMLExporter.AttributeCategory node = GraphMLExporter.AttributeCategory.NODE;
        GraphMLExporter.AttributeCategory edge = GraphMLExporter.AttributeCategory.EDGE;
        // One registration per name: label and times are on nodes and edges alike.
        GraphMLExporter.AttributeCategory both = GraphMLExporter.AttributeCategory.ALL;
        x.registerAttribute("label", both, AttributeType.STRING);
        x.registerAttribute("first_seen", both, AttributeType.STRING);
        x.registerAttribute("last_seen", both, AttributeType.STRING);
        x.registerAttribute("type", node, AttributeType.STRING);
        x.registerAttribute("entity_id", node, AttributeType.STRING);
        x.registerAttribute("personal", node, AttributeType.BOOLEAN);
        x.registerAttribute("revealed", node, AttributeType.BOOLEAN);
        x.registerAttribute("degree", node, AttributeType.INT);
        x.registerAttribute("relation", edge, AttributeType.STRING);
        x.registerAttribute("count", edge, AttributeType.LONG);
        x.registerAttribute("amount_minor", edge, AttributeType.LONG);
        x.registerAttribute("evidence_event_ids", edge, AttributeType.STRING);
        x.setVertexAttributeProvider(n -> nodeAttributes(g, n));
        x.setEdgeAttributeProvider(GraphFiles::edgeAttributes);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            x.exportGraph(g.graph(), w);
        }
    }

    static void writeGexf(CaseGraph g, Path file) throws IOException {
        GEXFExporter<Node, Link> x = new GEXFExporter<>(Node::ref, Link::ref);
        x.setCreator("fraudgraph");
        x.setDescription(
                g.ringCase().getKind()
                        + " "
                        + g.ringCase().getCaseId()
                        + " v"
                        + g.ringCase().getVersion());
        x.setParameter(GEXFExporter.Parameter.EXPORT_EDGE_LABELS, true);
        x.setParameter(GEXFExporter.Parameter.EXPORT_EDGE_TYPES, true);
        x.setParameter(GEXFExporter.Parameter.EXPORT_META, true);
        GEXFExporter.AttributeCategory node = GEXFExporter.AttributeCategory.NODE;
        GEXFExporter.AttributeCategory edge = GEXFExporter.AttributeCategory.EDGE;
        x.registerAttribute("type", node, GEXFAttributeType.STRING);
        x.registerAttribute("entity_id", node, GEXFAttributeType.STRING);
        x.registerAttribute("personal", node, GEXFAttributeType.BOOLEAN);
        x.registerAttribute("revealed", node, GEXFAttributeType.BOOLEAN);
        x.registerAttribute("first_seen", node, GEXFAttributeType.STRING);
        x.registerAttribute("last_seen", node, GEXFAttributeType.STRING);
        x.registerAttribute("degree", node, GEXFAttributeType.INTEGER);
        x.registerAttribute("relation", edge, GEXFAttributeType.STRING);
        x.registerAttribute("first_seen", edge, GEXFAttributeType.STRING);
        x.registerAttribute("last_seen", edge, GEXFAttributeType.STRING);
        x.registerAttribute("count", edge, GEXFAttributeType.LONG);
        x.registerAttribute("amount_minor", edge, GEXFAttributeType.LONG);
        x.registerAttribute("evidence_event_ids", edge, GEXFAttributeType.STRING);
        x.setVertexAttributeProvider(n -> nodeAttributes(g, n));
        x.setEdgeAttributeProvider(GraphFiles::edgeAttributes);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            x.exportGraph(g.graph(), w);
        }
    }
}
