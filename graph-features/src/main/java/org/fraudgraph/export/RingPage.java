package org.fraudgraph.export;

import static org.fraudgraph.export.Words.html;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.fraudgraph.export.CaseGraph.Event;
import org.fraudgraph.export.CaseGraph.Link;
import org.fraudgraph.export.CaseGraph.Node;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.ReasonCode;
import org.fraudgraph.schema.RingCase;
import org.jgrapht.alg.drawing.FRLayoutAlgorithm2D;
import org.jgrapht.alg.drawing.model.Box2D;
import org.jgrapht.alg.drawing.model.MapLayoutModel2D;
import org.jgrapht.alg.drawing.model.Point2D;

/**
 * {@code ring.html}: one self-contained page (inline SVG and CSS, no script, nothing fetched) with
 * the case summary and reasons, a picture of the ring (force-directed layout by JGraphT, seeded by
 * the case id so the same case draws the same), a timeline of the evidence and the evidence table.
 */
final class RingPage {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 620;
    private static final int MARGIN = 40;
    private static final Map<EntityType, String> COLOURS = new EnumMap<>(EntityType.class);

    static {
        COLOURS.put(EntityType.ACCOUNT, "#1f77b4");
        COLOURS.put(EntityType.DEVICE, "#d62728");
        COLOURS.put(EntityType.IP, "#9467bd");
        COLOURS.put(EntityType.IP_PREFIX, "#9467bd");
        COLOURS.put(EntityType.PHONE, "#2ca02c");
        COLOURS.put(EntityType.ID_NUMBER, "#8c564b");
        COLOURS.put(EntityType.BANK_CARD, "#e377c2");
        COLOURS.put(EntityType.ADDRESS, "#7f7f7f");
        COLOURS.put(EntityType.EMPLOYER, "#bcbd22");
        COLOURS.put(EntityType.MERCHANT, "#ff7f0e");
    }

    private RingPage() {}

    static String render(CaseGraph g, BundleInfo info) {
        RingCase c = g.ringCase();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.append("<title>")
                .append(html(Words.kind(c.getKind()) + " " + c.getCaseId()))
                .append("</title>\n<style>\n")
                .append(
                        "body{font-family:system-ui,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;"
                                + "color:#222;max-width:1100px}h1{font-size:22px;margin:0 0 4px}"
                                + "h2{font-size:17px;margin:24px 0 8px}.sub{color:#555;margin:0 0 12px}"
                                + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid"
                                + " #ddd;padding:3px 7px;text-align:left;vertical-align:top}"
                                + "th{background:#f4f4f4}.num{text-align:right}"
                                + ".facts td:first-child{color:#555}"
                                + ".notice{background:#fff7e0;border:1px solid #e8c46a;padding:6px 10px;"
                                + "margin:10px 0;font-size:13px}svg{border:1px solid #ddd;background:#fff}"
                                + ".legend span{display:inline-block;margin-right:14px;font-size:13px}"
                                + ".dot{display:inline-block;width:11px;height:11px;border-radius:50%;"
                                + "margin-right:4px;vertical-align:-1px}\n")
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1>")
                .append(html(capital(Words.kind(c.getKind()))))
                .append(" &middot; ")
                .append(html(c.getCaseId()))
                .append(" &middot; version ")
                .append(c.getVersion())
                .append("</h1>\n<p class=\"sub\">")
                .append(html(Words.explain(c.getKind())))
                .append("</p>\n");
        b.append("<div class=\"notice\">")
                .append(
                        g.revealed()
                                ? "Personal identifiers are <b>revealed</b> with a reveal key"
                                        + " (see manifest.json). Handle as personal data."
                                : "Personal identifiers (phones, id numbers, cards, addresses,"
                                        + " employers) are shown as keyed hashes and IP addresses"
                                        + " to their /24; the platform can reveal them on a lawful"
                                        + " request.")
                .append("</div>\n");
        facts(b, g, info);
        reasons(b, c);
        b.append("<h2>The ring</h2>\n");
        legend(b, g);
        picture(b, g);
        b.append("<h2>Timeline of the evidence</h2>\n");
        timeline(b, g.events());
        evidenceTable(b, g.events());
        b.append("<p class=\"sub\">Exported ")
                .append(html(Words.time(info.exportedAt())))
                .append(" by ")
                .append(html(info.investigator()))
                .append(" with ")
                .append(html(info.tool()))
                .append(
                        ". Every file of this bundle is listed with its SHA-256 in manifest.json;"
                                + " <code>fraudgraph verify-bundle</code> checks them.</p>\n");
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void facts(StringBuilder b, CaseGraph g, BundleInfo info) {
        RingCase c = g.ringCase();
        Map<EntityType, Integer> counts = new EnumMap<>(EntityType.class);
        for (Node n : g.nodes()) {
            counts.merge(n.type(), 1, Integer::sum);
        }
        StringBuilder members = new StringBuilder();
        counts.forEach(
                (t, n) ->
                        members.append(members.length() == 0 ? "" : ", ")
                                .append(CaseGraph.count(n, t)));
        b.append("<table class=\"facts\">\n");
        row(b, "Kind", Words.kind(c.getKind()) + " (" + c.getKind() + ")");
        row(b, "Status", c.getStatus().name());
        row(b, "Score", String.format(Locale.ROOT, "%.2f", c.getScore()));
        row(b, "Members", members.toString());
        row(b, "Period", Words.time(c.getFirstSeen()) + " to " + Words.time(c.getLastSeen()));
        row(
                b,
                "Money moved",
                c.getTotalAmountMinor() == 0
                        ? "none along the ring's links (payments and transfers)"
                        : Words.money(c.getTotalAmountMinor())
                                + " "
                                + c.getCurrency()
                                + " in the ring's payments and transfers");
        row(b, "Evidence events", Integer.toString(g.events().size()));
        row(b, "Found by", "fraudgraph ring rules " + c.getConfigVersion());
        if (!info.reason().isEmpty()) {
            row(b, "Reason for referral", info.reason());
        }
        b.append("</table>\n");
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><td>").append(html(k)).append("</td><td>").append(html(v));
        b.append("</td></tr>\n");
    }

    private static void reasons(StringBuilder b, RingCase c) {
        b.append("<h2>Why it is a case</h2>\n<ul>\n");
        for (ReasonCode r : c.getReasons()) {
            b.append("<li><b>")
                    .append(html(r.getCode()))
                    .append("</b>: ")
                    .append(html(r.getDetail()))
                    .append("</li>\n");
        }
        b.append("</ul>\n");
    }

    private static void legend(StringBuilder b, CaseGraph g) {
        b.append("<p class=\"legend\">");
        g.nodes().stream()
                .map(Node::type)
                .distinct()
                .sorted()
                .forEach(
                        t ->
                                b.append("<span><i class=\"dot\" style=\"background:")
                                        .append(COLOURS.get(t))
                                        .append("\"></i>")
                                        .append(html(CaseGraph.word(t)))
                                        .append("</span>"));
        b.append("<span>circle size: number of links; edge label: how many times seen</span>");
        b.append("</p>\n");
    }

    private static void picture(StringBuilder b, CaseGraph g) {
        MapLayoutModel2D<Node> model =
                new MapLayoutModel2D<>(
                        new Box2D(MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN));
        new FRLayoutAlgorithm2D<Node, Link>(
                        300,
                        FRLayoutAlgorithm2D.DEFAULT_NORMALIZATION_FACTOR,
                        new Random(g.ringCase().getCaseId().hashCode()))
                .layout(g.graph(), model);
        Map<Node, double[]> at = new HashMap<>();
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Node n : g.nodes()) {
            Point2D p = model.get(n);
            minX = Math.min(minX, p.getX());
            maxX = Math.max(maxX, p.getX());
            minY = Math.min(minY, p.getY());
            maxY = Math.max(maxY, p.getY());
        }
        // Stretch the layout to the picture, whatever box the algorithm kept to.
        // Room on the right for the labels, which are drawn right of their circles.
        double sx = maxX > minX ? (WIDTH - 2 * MARGIN - 150) / (maxX - minX) : 0;
        double sy = maxY > minY ? (HEIGHT - 2 * MARGIN) / (maxY - minY) : 0;
        for (Node n : g.nodes()) {
            Point2D p = model.get(n);
            double x = sx == 0 ? WIDTH / 2.0 : MARGIN + 30 + (p.getX() - minX) * sx;
            double y = sy == 0 ? HEIGHT / 2.0 : MARGIN + (p.getY() - minY) * sy;
            at.put(n, new double[] {x, y});
        }
        boolean small = g.nodes().size() <= 40;
        openSvg(b, WIDTH, HEIGHT);
        for (Link l : g.links()) {
            double[] s = at.get(l.source());
            double[] t = at.get(l.target());
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\""
                                    + " stroke-width=\"%.1f\"><title>%s</title></line>\n",
                            s[0],
                            s[1],
                            t[0],
                            t[1],
                            Math.min(4, 1 + Math.log(l.count())),
                            html(
                                    l.source().label()
                                            + " "
                                            + l.relation()
                                            + " "
                                            + l.target().label()
                                            + ": "
                                            + l.count()
                                            + " times, "
                                            + Words.time(l.firstSeen())
                                            + " to "
                                            + Words.time(l.lastSeen()))));
            if (small || l.count() > 1) {
                b.append(
                        String.format(
                                Locale.ROOT,
                                "<text x=\"%.1f\" y=\"%.1f\" fill=\"#666\" font-size=\"10\""
                                        + " text-anchor=\"middle\">×%d</text>\n",
                                (s[0] + t[0]) / 2,
                                (s[1] + t[1]) / 2 - 2,
                                l.count()));
            }
        }
        for (Node n : g.nodes()) {
            double[] p = at.get(n);
            double r = 5 + 2.5 * Math.sqrt(g.degree(n));
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"#fff\""
                                    + " stroke-width=\"1.5\"><title>%s</title></circle>\n",
                            p[0],
                            p[1],
                            r,
                            COLOURS.get(n.type()),
                            html(
                                    CaseGraph.word(n.type())
                                            + " "
                                            + n.label()
                                            + ", "
                                            + g.degree(n)
                                            + " links")));
            if (small || n.type() != EntityType.ACCOUNT) {
                b.append(
                        String.format(
                                Locale.ROOT,
                                "<text x=\"%.1f\" y=\"%.1f\" fill=\"#222\">%s</text>\n",
                                p[0] + r + 2,
                                p[1] + 4,
                                html(n.label())));
            }
        }
        b.append("</svg>\n");
    }

    private static void openSvg(StringBuilder b, int w, int h) {
        b.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\""
                                + " font-size=\"11\">%n",
                        w,
                        h,
                        w,
                        h));
    }

    private static void timeline(StringBuilder b, List<Event> events) {
        if (events.isEmpty()) {
            b.append("<p>The case names no evidence events.</p>\n");
            return;
        }
        long from = events.get(0).time().toEpochMilli();
        long to = events.get(events.size() - 1).time().toEpochMilli();
        int w = WIDTH;
        int h = 90;
        double span = Math.max(1, to - from);
        openSvg(b, w, h);
        b.append("<line x1=\"40\" y1=\"50\" x2=\"")
                .append(w - 40)
                .append("\" y2=\"50\" stroke=\"#444\"/>\n");
        Map<String, Integer> lane = Map.of("TRANSACTION", 0, "APPLICATION", 1, "DEVICE", 2);
        String[] colours = {"#ff7f0e", "#2ca02c", "#d62728", "#7f7f7f"};
        for (Event e : events) {
            double x = 40 + (e.time().toEpochMilli() - from) / span * (w - 80);
            int l = lane.getOrDefault(e.kind(), 3);
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\" fill-opacity=\"0.7\">"
                                    + "<title>%s</title></circle>\n",
                            x,
                            26 + l * 8,
                            colours[l],
                            html(
                                    Words.time(e.time())
                                            + " "
                                            + e.kind()
                                            + " "
                                            + e.accountId()
                                            + (e.amountMinor() > 0
                                                    ? " " + Words.money(e.amountMinor())
                                                    : ""))));
        }
        b.append("<text x=\"40\" y=\"70\">")
                .append(html(Words.time(Instant.ofEpochMilli(from))))
                .append("</text>\n<text x=\"")
                .append(w - 40)
                .append("\" y=\"70\" text-anchor=\"end\">")
                .append(html(Words.time(Instant.ofEpochMilli(to))))
                .append("</text>\n<text x=\"40\" y=\"86\" fill=\"#555\">")
                .append("orange: transactions, green: applications, red: device events, grey:")
                .append(" use of a shared identifier</text>\n</svg>\n");
    }

    private static void evidenceTable(StringBuilder b, List<Event> events) {
        b.append("<h2>Evidence events</h2>\n<table>\n<tr><th>time</th><th>event</th><th>kind</th>")
                .append("<th>account</th><th class=\"num\">amount</th><th>device</th><th>IP</th>")
                .append("<th>merchant</th><th>to account</th></tr>\n");
        for (Event e : events) {
            b.append("<tr><td>")
                    .append(html(Words.time(e.time())))
                    .append("</td><td>")
                    .append(html(e.eventId()))
                    .append("</td><td>")
                    .append(html(e.kind().isEmpty() ? "(shared identifier)" : e.kind()))
                    .append("</td><td>")
                    .append(html(e.accountId()))
                    .append("</td><td class=\"num\">")
                    .append(e.amountMinor() > 0 ? html(Words.money(e.amountMinor())) : "")
                    .append("</td><td>")
                    .append(html(e.deviceId()))
                    .append("</td><td>")
                    .append(html(e.ip()))
                    .append("</td><td>")
                    .append(html(e.merchantId()))
                    .append("</td><td>")
                    .append(html(e.counterpartyAccountId()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }
}
