package org.fraudgraph.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fraudgraph.testing.HeadlessChromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders {@code ring.html} in headless Chromium, as the police analyst's browser would: the page
 * loads offline, draws one circle per member, and the screenshot shows the ring in its colours.
 */
@Tag(HeadlessChromium.TAG)
class RingPageChromiumTest {
    @TempDir Path tmp;

    @Test
    void thePageRendersOfflineWithOneCirclePerMember() throws Exception {
        Path dir =
                ReferralExport.write(
                                ReferralExportTest.scriptedFarm(),
                                tmp.resolve("bundle"),
                                false,
                                null,
                                new BundleInfo(
                                        "j.doe", "", Instant.parse("2026-11-24T09:30:00Z"), "t"),
                                tmp.resolve("audit.log"))
                        .folder();
        Path page = dir.resolve("ring.html");
        String html = Files.readString(page);
        Matcher urls = Pattern.compile("(https?|ftp)://[^\"' )]+").matcher(html);
        while (urls.find()) {
            assertThat(urls.group()).as("nothing to fetch").isEqualTo("http://www.w3.org/2000/svg");
        }

        HeadlessChromium chromium = new HeadlessChromium(tmp);
        String dom = chromium.dom(page);
        // The ring's picture is the first svg: one circle per member (5), then the timeline.
        String ring = dom.substring(dom.indexOf("<svg"), dom.indexOf("</svg>"));
        assertThat(Pattern.compile("<circle").matcher(ring).results().count()).isEqualTo(5);
        assertThat(dom).contains("Device farm", "EMULATOR_DEVICES", "ev-5");

        BufferedImage image = chromium.screenshot(page, 1100, 1400);
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(HeadlessChromium.pixels(image, 0x1f77b4))
                .as("account circles drawn")
                .isGreaterThan(300);
        assertThat(HeadlessChromium.pixels(image, 0xd62728))
                .as("the device drawn")
                .isGreaterThan(100);
    }
}
