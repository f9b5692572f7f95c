package org.fraudgraph.export;

import static org.fraudgraph.export.Words.cell;

import java.util.List;
import java.util.Locale;
import org.fraudgraph.export.CaseGraph.Node;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;

/** {@code summary.md}: the ring in words a police officer can read. */
final class CaseSummary {
    private CaseSummary() {}

    static String render(CaseGraph g, BundleInfo info) {
        RingCase c = g.ringCase();
        List<Node> accounts =
                g.nodes().stream().filter(n -> n.type() == EntityType.ACCOUNT).toList();
        List<Node> shared = g.nodes().stream().filter(n -> n.type() != EntityType.ACCOUNT).toList();
        StringBuilder b = new StringBuilder(8 * 1024);
        b.append("# Referral: ")
                .append(Words.kind(c.getKind()))
                .append(", case ")
                .append(c.getCaseId())
                .append(" (version ")
                .append(c.getVersion())
                .append(")\n\n");
        b.append(Words.explain(c.getKind())).append("\n\n");
        b.append("## In short\n\n");
        b.append("- **What**: a suspected ")
                .append(Words.kind(c.getKind()))
                .append(" of ")
                .append(accounts.size())
                .append(" accounts")
                .append(shared.isEmpty() ? "" : " linked through " + shared.size() + " shared ")
                .append(shared.isEmpty() ? "" : shared.size() == 1 ? "item" : "items")
                .append(" (status ")
                .append(c.getStatus())
                .append(", score ")
                .append(String.format(Locale.ROOT, "%.2f", c.getScore()))
                .append(").\n");
        b.append("- **When**: from ")
                .append(Words.time(c.getFirstSeen()))
                .append(" to ")
                .append(Words.time(c.getLastSeen()))
                .append(".\n");
        b.append("- **Money**: ")
                .append(Words.money(c.getTotalAmountMinor()))
                .append(' ')
                .append(c.getCurrency())
                .append(" paid or sent along the ring's links.\n");
        b.append("- **Evidence**: ")
                .append(g.events().size())
                .append(" events, listed in `evidence.csv` and on `ring.html`.\n");
        if (!info.reason().isEmpty()) {
            b.append("- **Reason for referral**: ").append(info.reason()).append("\n");
        }
        b.append("\n## How it was found\n\n");
        b.append("The platform's fraud system (")
                .append(info.tool())
                .append(", ring rules ")
                .append(c.getConfigVersion())
                .append(") links accounts that share devices, phones, contacts, id numbers,")
                .append(" addresses or cards, that pay the same merchants round amounts, or that")
                .append(" pass money on within minutes. It reported this ring because:\n\n");
        for (ReasonCode r : c.getReasons()) {
            b.append("- ").append(r.getDetail()).append(" (`").append(r.getCode()).append("`)\n");
        }
        b.append("\n## Members\n\n| | type | identifier | first seen | last seen | links |\n");
        b.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Node n : g.nodes()) {
            b.append("| ")
                    .append(n.ref())
                    .append(" | ")
                    .append(CaseGraph.word(n.type()))
                    .append(" | ")
                    .append(cell(n.label()))
                    .append(" | ")
                    .append(Words.time(n.firstSeen()))
                    .append(" | ")
                    .append(Words.time(n.lastSeen()))
                    .append(" | ")
                    .append(g.degree(n))
                    .append(" |\n");
        }
        b.append("\n## Personal data\n\n");
        b.append(
                g.revealed()
                        ? "This bundle was exported with a reveal key: phones, id numbers, cards,"
                                + " addresses and employers are shown as their values where the key"
                                + " has them, and IP addresses in full. Handle it as personal data.\n"
                        : "Phones, id numbers, cards, addresses and employers are shown as keyed"
                                + " hashes, and IP addresses only to their /24 network. The platform"
                                + " can map them to the values on a lawful request.\n");
        b.append("\n## Files\n\n");
        b.append("- `ring.html`: the picture of the ring, the timeline and the evidence (opens in")
                .append(" any browser, offline).\n");
        b.append("- `ring.graphml` (yEd, Gephi), `ring.gexf` (Gephi): the ring as a graph.\n");
        b.append("- `nodes.csv`, `edges.csv`, `evidence.csv`: the same as tables, for i2")
                .append(" Analyst's Notebook or a spreadsheet.\n");
        b.append("- `manifest.json`: the SHA-256 of every file; `fraudgraph verify-bundle` checks")
                .append(" that none has changed.\n");
        b.append("\nExported ")
                .append(Words.time(info.exportedAt()))
                .append(" by ")
                .append(info.investigator())
                .append(".\n");
        return b.toString();
    }
}
