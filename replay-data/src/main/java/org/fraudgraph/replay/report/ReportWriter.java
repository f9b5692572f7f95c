package org.fraudgraph.replay.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fraudgraph.replay.Pattern;

/**
 * Writes a replay's evaluation as {@code report.json} (for scripts; no wall-clock values, so the
 * same replay gives the same bytes) and {@code report.html} (for people; self-contained, with the
 * precision–recall curve as inline SVG).
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    /** What was replayed, for the report's header. */
    public record Context(
            String dataSet, String configVersion, double reviewThreshold, double blockThreshold) {}

    private ReportWriter() {}

    public static ObjectNode json(ReplayEvaluation.Result r, Context context) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("dataSet", context.dataSet());
        root.put("configVersion", context.configVersion());
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("review", context.reviewThreshold());
        thresholds.put("block", context.blockThreshold());
        root.put("events", r.events());
        root.put("alerts", r.alerts());
        root.put("alertsPer10k", round(r.alertsPer10k()));
        root.put("falseAlarms", r.falseAlarms());
        root.put("falseAlarmsPer10k", round(r.falseAlarmsPer10k()));
        root.put("cases", r.cases());
        root.put("ringsWithoutEvents", r.ringsWithoutEvents());
        if (r.historyEvents() > 0) {
            ObjectNode history = root.putObject("history");
            history.put("events", r.historyEvents());
            history.put("alerts", r.historyAlerts());
            history.put("alertsPer10k", round(r.historyAlerts() * 10_000.0 / r.historyEvents()));
        }
        ObjectNode levels = root.putObject("levels");
        put(levels.putObject("event"), r.event());
        put(levels.putObject("account"), r.account());
        put(levels.putObject("ring"), r.ring());
        ObjectNode patterns = root.putObject("patterns");
        for (Map.Entry<String, ReplayEvaluation.PatternResult> e : r.patterns().entrySet()) {
            ObjectNode p = patterns.putObject(e.getKey());
            put(p.putObject("ring"), e.getValue().ring());
            ObjectNode event = p.putObject("event");
            event.put("fraudEvents", e.getValue().events());
            event.put("alerted", e.getValue().eventsFound());
            event.put("recall", round(ratio(e.getValue().eventsFound(), e.getValue().events())));
            ObjectNode account = p.putObject("account");
            account.put("accounts", e.getValue().accounts());
            account.put("alerted", e.getValue().accountsFound());
            account.put(
                    "recall", round(ratio(e.getValue().accountsFound(), e.getValue().accounts())));
            ObjectNode delay = p.putObject("detectionDelaySeconds");
            delay.put("detected", e.getValue().detectionDelaysSeconds().size());
            putQuantile(delay, "median", e.getValue().detectionDelaysSeconds(), 0.5);
            putQuantile(delay, "p90", e.getValue().detectionDelaysSeconds(), 0.9);
        }
        ObjectNode honest = root.putObject("honestLookalikes");
        for (Map.Entry<String, ReplayEvaluation.HonestResult> e : r.honest().entrySet()) {
            ObjectNode h = honest.putObject(e.getKey());
            h.put("accounts", e.getValue().accounts());
            h.put("alerted", e.getValue().alerted());
            h.put("inCases", e.getValue().inCases());
            h.put("alertedShare", round(ratio(e.getValue().alerted(), e.getValue().accounts())));
        }
        ObjectNode delay = root.putObject("detectionDelaySeconds");
        delay.put("detected", r.detectionDelaysSeconds().size());
        putQuantile(delay, "median", r.detectionDelaysSeconds(), 0.5);
        putQuantile(delay, "p90", r.detectionDelaysSeconds(), 0.9);
        ArrayNode sweep = root.putArray("sweep");
        for (ReplayEvaluation.SweepPoint s : r.sweep()) {
            ObjectNode point = sweep.addObject();
            point.put("threshold", round(s.threshold()));
            put(point.putObject("event"), s.event());
            put(point.putObject("account"), s.account());
            point.put("alertsPer10k", round(s.alertsPer10k()));
        }
        ArrayNode fps = root.putArray("topFalsePositives");
        for (ReplayEvaluation.FalsePositive fp : r.topFalsePositives()) {
            ObjectNode f = fps.addObject();
            f.put("eventId", fp.eventId());
            f.put("accountId", fp.accountId());
            f.put("eventTime", Instant.ofEpochMilli(fp.eventMillis()).toString());
            f.put("score", round(fp.score()));
            f.put("decision", fp.decision().name());
            f.put("reasons", fp.reasons());
        }
        return root;
    }

    public static void write(Path dir, ReplayEvaluation.Result r, Context context, String runNote)
            throws IOException {
        ObjectNode json = json(r, context);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve(JSON).toFile(), json);
        Files.writeString(dir.resolve(HTML), html(r, context, runNote), StandardCharsets.UTF_8);
    }

    static String html(ReplayEvaluation.Result r, Context context, String runNote) {
        StringBuilder h = new StringBuilder();
        h.append(
                        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>fraudgraph replay report</title><style>")
                .append(
                        "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}")
                .append(
                        "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}")
                .append(
                        "th{background:#f3f3f3}td.l,th.l{text-align:left}.note{color:#666;font-size:0.9em}")
                .append("</style></head><body>");
        h.append("<h1>Replay report</h1>");
        h.append("<p>Data set <b>")
                .append(esc(context.dataSet()))
                .append("</b>, model <b>")
                .append(esc(context.configVersion()))
                .append("</b> (REVIEW from ")
                .append(fmt(context.reviewThreshold()))
                .append(", BLOCK from ")
                .append(fmt(context.blockThreshold()))
                .append(").</p>");
        h.append("<p>")
                .append(
                        String.format(
                                Locale.ROOT,
                                "%,d events, %,d alerts (REVIEW or BLOCK): %.1f per 10,000 events, of"
                                        + " them %.1f on accounts not labelled fraud at the time"
                                        + " (false alarms); %,d ring cases.",
                                r.events(),
                                r.alerts(),
                                r.alertsPer10k(),
                                r.falseAlarmsPer10k(),
                                r.cases()))
                .append("</p>");
        if (r.historyEvents() > 0) {
            h.append(
                    String.format(
                            Locale.ROOT,
                            "<p>Before the period the data set holds %,d events of ordinary traffic"
                                    + " (its history, no ring acts in it): scored, so the job had met"
                                    + " the accounts before the rings acted, and not counted above;"
                                    + " %,d alerts among them (%.1f per 10,000).</p>",
                            r.historyEvents(),
                            r.historyAlerts(),
                            r.historyAlerts() * 10_000.0 / r.historyEvents()));
        }
        h.append(
                "<h2>Quality</h2><table><tr><th class=l>level</th><th>precision</th><th>recall</th><th>F1</th><th>found</th><th>false alarms</th><th>missed</th></tr>");
        row(h, "event", r.event());
        row(h, "account", r.account());
        h.append("</table>");
        h.append(
                String.format(
                        Locale.ROOT,
                        "<p>Rings: precision %s (%,d of %,d cases right), recall %s (%,d of %,d rings"
                                + " found), F1 %s; %.2f cases per ring found.</p>",
                        fmt(r.ring().precision()),
                        r.ring().casesRight(),
                        r.ring().cases(),
                        fmt(r.ring().recall()),
                        r.ring().ringsFound(),
                        r.ring().rings(),
                        fmt(r.ring().f1()),
                        r.ring().casesPerRing()));
        if (r.ringsWithoutEvents() > 0) {
            h.append(
                    String.format(
                            Locale.ROOT,
                            "<p>%,d rings (takeovers included) are in the labels without an event in"
                                    + " the data set, and are not counted: nothing of them was there"
                                    + " to find.</p>",
                            r.ringsWithoutEvents()));
        }
        h.append(
                        "<h2>Per pattern</h2><table><tr><th class=l>pattern</th><th>ring precision</th><th>ring recall</th><th>ring F1</th>")
                .append(
                        "<th>rings found</th><th>cases per ring</th><th>events alerted</th><th>accounts alerted</th><th>median detection delay</th></tr>");
        for (Map.Entry<String, ReplayEvaluation.PatternResult> e : r.patterns().entrySet()) {
            ReplayEvaluation.PatternResult p = e.getValue();
            h.append("<tr><td class=l>")
                    .append(esc(e.getKey()))
                    .append("</td><td>")
                    .append(fmt(p.ring().precision()))
                    .append("</td><td>")
                    .append(fmt(p.ring().recall()))
                    .append("</td><td>")
                    .append(fmt(p.ring().f1()))
                    .append("</td><td>")
                    .append(p.ring().ringsFound())
                    .append(" / ")
                    .append(p.ring().rings())
                    .append("</td><td>")
                    .append(
                            Pattern.ACCOUNT_TAKEOVER.name().equals(e.getKey())
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2f", p.ring().casesPerRing()))
                    .append("</td><td>")
                    .append(p.eventsFound())
                    .append(" / ")
                    .append(p.events())
                    .append("</td><td>")
                    .append(p.accountsFound())
                    .append(" / ")
                    .append(p.accounts())
                    .append("</td><td>")
                    .append(
                            p.detectionDelaysSeconds().isEmpty()
                                    ? "-"
                                    : duration(quantile(p.detectionDelaysSeconds(), 0.5)))
                    .append("</td></tr>");
        }
        h.append("</table>");
        if (!r.honest().isEmpty()) {
            h.append(
                    "<h2>Honest look-alikes</h2><table><tr><th class=l>kind</th><th>accounts</th><th>alerted</th><th>in a case</th></tr>");
            for (Map.Entry<String, ReplayEvaluation.HonestResult> e : r.honest().entrySet()) {
                h.append("<tr><td class=l>")
                        .append(esc(e.getKey()))
                        .append("</td><td>")
                        .append(e.getValue().accounts())
                        .append("</td><td>")
                        .append(e.getValue().alerted())
                        .append("</td><td>")
                        .append(e.getValue().inCases())
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        List<Double> d = r.detectionDelaysSeconds();
        h.append("<h2>Detection delay</h2><p>")
                .append(
                        d.isEmpty()
                                ? "No ring was detected, so there is no delay to measure."
                                : String.format(
                                        Locale.ROOT,
                                        "%d found (%d takeovers by an alert, %d rings by a case); event time from a ring's first fraudulent event to its first case (takeovers: first alert): median %s, 90th percentile %s.",
                                        d.size(),
                                        takeoversFound(r),
                                        d.size() - takeoversFound(r),
                                        duration(quantile(d, 0.5)),
                                        duration(quantile(d, 0.9))))
                .append("</p>");
        if (!r.sweep().isEmpty()) {
            h.append("<h2>Threshold sweep</h2>").append(PrCurve.svg(r.sweep()));
            h.append(
                    "<table><tr><th>review threshold</th><th>event precision</th><th>event recall</th><th>account precision</th><th>account recall</th><th>alerts per 10k</th></tr>");
            for (ReplayEvaluation.SweepPoint s : r.sweep()) {
                h.append("<tr><td>")
                        .append(fmt(s.threshold()))
                        .append("</td><td>")
                        .append(fmt(s.event().precision()))
                        .append("</td><td>")
                        .append(fmt(s.event().recall()))
                        .append("</td><td>")
                        .append(fmt(s.account().precision()))
                        .append("</td><td>")
                        .append(fmt(s.account().recall()))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.1f", s.alertsPer10k()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Top false positives</h2>");
        if (r.topFalsePositives().isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append(
                    "<table><tr><th class=l>event</th><th class=l>account</th><th class=l>time</th><th>score</th><th class=l>decision</th><th class=l>reasons</th></tr>");
            for (ReplayEvaluation.FalsePositive fp : r.topFalsePositives()) {
                h.append("<tr><td class=l>")
                        .append(esc(fp.eventId()))
                        .append("</td><td class=l>")
                        .append(esc(fp.accountId()))
                        .append("</td><td class=l>")
                        .append(Instant.ofEpochMilli(fp.eventMillis()))
                        .append("</td><td>")
                        .append(fmt(fp.score()))
                        .append("</td><td class=l>")
                        .append(fp.decision())
                        .append("</td><td class=l>")
                        .append(esc(fp.reasons()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append(
                        "<p class=note>How it is measured: an event is fraud when a ring made it; an account when it is labelled ")
                .append(
                        "(a takeover victim from the takeover on); a case finds a ring when most of its accounts are that ring's members, ")
                .append(
                        "whatever kind the case says (takeover victims whose money a case follows do not count); ring precision is over cases, ring recall over rings (a ring split into several cases is one ring found). ")
                .append(
                        "An account takeover is not a ring: it counts as found when the victim is alerted after the takeover. ")
                .append(esc(runNote))
                .append("</p></body></html>\n");
        return h.toString();
    }

    private static long takeoversFound(ReplayEvaluation.Result r) {
        ReplayEvaluation.PatternResult p = r.patterns().get(Pattern.ACCOUNT_TAKEOVER.name());
        return p == null ? 0 : p.ring().ringsFound();
    }

    private static void row(StringBuilder h, String name, Confusion c) {
        h.append("<tr><td class=l>")
                .append(name)
                .append("</td><td>")
                .append(fmt(c.precision()))
                .append("</td><td>")
                .append(fmt(c.recall()))
                .append("</td><td>")
                .append(fmt(c.f1()))
                .append("</td><td>")
                .append(c.truePositives())
                .append("</td><td>")
                .append(c.falsePositives())
                .append("</td><td>")
                .append(c.falseNegatives())
                .append("</td></tr>");
    }

    private static void put(ObjectNode node, Confusion c) {
        node.put("precision", round(c.precision()));
        node.put("recall", round(c.recall()));
        node.put("f1", round(c.f1()));
        node.put("truePositives", c.truePositives());
        node.put("falsePositives", c.falsePositives());
        node.put("falseNegatives", c.falseNegatives());
    }

    private static void put(ObjectNode node, RingMeasure m) {
        node.put("precision", round(m.precision()));
        node.put("recall", round(m.recall()));
        node.put("f1", round(m.f1()));
        node.put("casesRight", m.casesRight());
        node.put("cases", m.cases());
        node.put("ringsFound", m.ringsFound());
        node.put("rings", m.rings());
        node.put("casesPerRing", round(m.casesPerRing()));
    }

    private static void putQuantile(ObjectNode node, String name, List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            node.putNull(name);
        } else {
            node.put(name, round(quantile(sorted, q)));
        }
    }

    /**
     * The {@code q} quantile of an ascending list, interpolated between the two nearest values (so
     * the median of an even count is the mean of the two middle values).
     */
    static double quantile(List<Double> sorted, double q) {
        double at = q * (sorted.size() - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.size() - 1, below + 1);
        double fraction = at - below;
        return sorted.get(below) + fraction * (sorted.get(above) - sorted.get(below));
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7_200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3_600);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
