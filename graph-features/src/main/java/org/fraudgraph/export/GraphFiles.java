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

    /** An attribute of the graph files: on nodes, edges or both, and its type. */
    private record Attr(String name, boolean node, boolean edge, AttributeType type) {}

    private static final List<Attr> ATTRIBUTES =
            List.of(
                    new Attr("label", true, true, AttributeType.STRING),
                    new Attr("first_seen", true, true, AttributeType.STRING),
                    new Attr("last_seen", true, true, AttributeType.STRING),
                    new Attr("type", true, false, AttributeType.STRING),
                    new Attr("entity_id", true, false, AttributeType.STRING),
                    new Attr("personal", true, false, AttributeType.BOOLEAN),
                    new Attr("revealed", true, false, AttributeType.BOOLEAN),
                    new Attr("degree", true, false, AttributeType.INT),
                    new Attr("relation", false, true, AttributeType.STRING),
                    new Attr("count", false, true, AttributeType.LONG),
                    new Attr("amount_minor", false, true, AttributeType.LONG),
                    new Attr("evidence_event_ids", false, true, AttributeType.STRING));

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
        for (Attr a : ATTRIBUTES) {
            x.registerAttribute(
                    a.name(),
                    a.node() && a.edge()
                            ? GraphMLExporter.AttributeCategory.ALL
                            : a.node()
                                    ? GraphMLExporter.AttributeCategory.NODE
                                    : GraphMLExporter.AttributeCategory.EDGE,
                    a.type());
        }
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
        for (Attr a : ATTRIBUTES) {
            if (a.name().equals("label")) {
                continue; // GEXF has its own label attribute, filled from this one
            }
            GEXFAttributeType type =
                    switch (a.type()) {
                        case BOOLEAN -> GEXFAttributeType.BOOLEAN;
                        case INT -> GEXFAttributeType.INTEGER;
                        case LONG -> GEXFAttributeType.LONG;
                        default -> GEXFAttributeType.STRING;
                    };
            if (a.node()) {
                x.registerAttribute(a.name(), GEXFExporter.AttributeCategory.NODE, type);
            }
            if (a.edge()) {
                x.registerAttribute(a.name(), GEXFExporter.AttributeCategory.EDGE, type);
            }
        }
        x.setVertexAttributeProvider(n -> nodeAttributes(g, n));
        x.setEdgeAttributeProvider(GraphFiles::edgeAttributes);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            x.exportGraph(g.graph(), w);
        }
    }
}
