package org.fraudgraph.replay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.fraudgraph.testing.HeadlessChromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a replay's {@code report.html} in headless Chromium, as a tuner would: the page needs
 * nothing from the network, its tables hold the figures of the hand-labelled replay, and the
 * precision–recall curve is drawn in both colours.
 */
@Tag(HeadlessChromium.TAG)
class ReportPageChromiumTest {
    @TempDir Path tmp;

    @Test
    void theReportShowsItsFiguresAndDrawsTheCurve() throws Exception {
        ReplayEvaluation evaluation = ReplayEvaluationTest.handLabelled(tmp);
        Path out = Files.createDirectories(tmp.resolve("report"));
        ReportWriter.write(
                out,
                evaluation.result(List.of(0.5, 0.6, 0.7, 0.8, 0.9)),
                new ReportWriter.Context("tiny", "test", 0.6, 0.9),
                "");
        Path page = out.resolve(ReportWriter.HTML);
        assertThat(Files.readString(page)).doesNotContainPattern("(src|href)=\"https?:");

        HeadlessChromium chromium = new HeadlessChromium(tmp);
        String dom = chromium.dom(page);
        assertThat(dom)
                .contains("Replay report", "Quality", "Per pattern", "Threshold sweep")
                .contains("DEVICE_FARM", "e4");
        // One point per threshold on each of the two curves (event, account).
        String svg = dom.substring(dom.indexOf("<svg"), dom.indexOf("</svg>"));
        assertThat(Pattern.compile("<circle").matcher(svg).results().count()).isEqualTo(10);

        BufferedImage image = chromium.screenshot(page, 1200, 2000);
        assertThat(HeadlessChromium.pixels(image, 0xd62728)).as("event curve").isGreaterThan(200);
        assertThat(HeadlessChromium.pixels(image, 0x1f77b4)).as("account curve").isGreaterThan(200);
    }
}
