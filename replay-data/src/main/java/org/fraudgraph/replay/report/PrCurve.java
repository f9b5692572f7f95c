package org.fraudgraph.replay.report;

import java.util.List;
import java.util.Locale;

/**
 * The precision–recall curve of a threshold sweep, at event and account level, as an inline SVG
 * picture.
 */
final class PrCurve {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 400;
    private static final int LEFT = 60;
    private static final int RIGHT = 150;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    private PrCurve() {}

    static String svg(List<ReplayEvaluation.SweepPoint> sweep) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">");
        s.append("<rect x=\"0\" y=\"0\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" fill=\"white\"/>");
        for (int i = 0; i <= 10; i += 2) {
            double v = i / 10.0;
            s.append(line(x(v), y(0), x(v), y(1), "#eee"))
                    .append(line(x(0), y(v), x(1), y(v), "#eee"));
            s.append(text(x(v), y(0) + 16, String.format(Locale.ROOT, "%.1f", v), "middle"));
            s.append(text(x(0) - 8, y(v) + 4, String.format(Locale.ROOT, "%.1f", v), "end"));
        }
        s.append(line(x(0), y(0), x(1), y(0), "#333")).append(line(x(0), y(0), x(0), y(1), "#333"));
        s.append(text((x(0) + x(1)) / 2, HEIGHT - 10, "recall", "middle"));
        s.append("<text x=\"16\" y=\"")
                .append((y(0) + y(1)) / 2)
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
                .append((y(0) + y(1)) / 2)
                .append(")\">precision</text>");
        curve(s, sweep, true, "#d62728");
        curve(s, sweep, false, "#1f77b4");
        int legendX = x(1) + 15;
        s.append(line(legendX, TOP + 10, legendX + 20, TOP + 10, "#d62728"))
                .append(text(legendX + 25, TOP + 14, "event", "start"));
        s.append(line(legendX, TOP + 30, legendX + 20, TOP + 30, "#1f77b4"))
                .append(text(legendX + 25, TOP + 34, "account", "start"));
        s.append(text(legendX, TOP + 58, "labels: review", "start"))
                .append(text(legendX, TOP + 72, "threshold", "start"));
        s.append("</svg>");
        return s.toString();
    }

    private static void curve(
            StringBuilder s,
            List<ReplayEvaluation.SweepPoint> sweep,
            boolean event,
            String colour) {
        StringBuilder points = new StringBuilder();
        for (ReplayEvaluation.SweepPoint p : sweep) {
            Confusion c = event ? p.event() : p.account();
            points.append(x(c.recall())).append(',').append(y(c.precision())).append(' ');
        }
        s.append("<polyline fill=\"none\" stroke=\"")
                .append(colour)
                .append("\" stroke-width=\"2\" points=\"")
                .append(points.toString().trim())
                .append("\"/>");
        for (int i = 0; i < sweep.size(); i++) {
            ReplayEvaluation.SweepPoint p = sweep.get(i);
            Confusion c = event ? p.event() : p.account();
            s.append("<circle cx=\"")
                    .append(x(c.recall()))
                    .append("\" cy=\"")
                    .append(y(c.precision()))
                    .append("\" r=\"3\" fill=\"")
                    .append(colour)
                    .append("\"><title>threshold ")
                    .append(String.format(Locale.ROOT, "%.2f", p.threshold()))
                    .append("</title></circle>");
            if (i % Math.max(1, sweep.size() / 5) == 0) {
                s.append(
                        text(
                                x(c.recall()) + 5,
                                y(c.precision()) - 5,
                                String.format(Locale.ROOT, "%.2f", p.threshold()),
                                "start"));
            }
        }
    }

    private static int x(double recall) {
        return LEFT + (int) Math.round(recall * (WIDTH - LEFT - RIGHT));
    }

    private static int y(double precision) {
        return HEIGHT - BOTTOM - (int) Math.round(precision * (HEIGHT - TOP - BOTTOM));
    }

    private static String line(int x1, int y1, int x2, int y2, String colour) {
        return "<line x1=\""
                + x1
                + "\" y1=\""
                + y1
                + "\" x2=\""
                + x2
                + "\" y2=\""
                + y2
                + "\" stroke=\""
                + colour
                + "\"/>";
    }

    private static String text(int x, int y, String text, String anchor) {
        return "<text x=\""
                + x
                + "\" y=\""
                + y
                + "\" text-anchor=\""
                + anchor
                + "\">"
                + ReportWriter.esc(text)
                + "</text>";
    }
}
