package org.fraudgraph.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders {@code ring.html} in headless Chromium, as the police analyst's browser would: the page
 * loads offline, draws one circle per member, and the screenshot shows the ring in its colours.
 * Needs {@code chromium} on the path ({@code .ci/run} installs it from Debian).
 */
class RingPageChromiumTest {
    @TempDir Path tmp;

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AssertionError(
                "this test renders ring.html in headless Chromium: install it (apt-get install"
                        + " chromium; .ci/run does)");
    }

    private String run(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                chromium(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--hide-scrollbars",
                                "--user-data-dir=" + tmp.resolve("profile")));
        command.addAll(List.of(args));
        Process p =
                new ProcessBuilder(command)
                        .redirectError(tmp.resolve("chromium.err").toFile())
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("chromium.err"))).isZero();
        return out;
    }

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

        String dom = run("--virtual-time-budget=2000", "--dump-dom", page.toUri().toString());
        // The ring's picture is the first svg: one circle per member (5), then the timeline.
        String ring = dom.substring(dom.indexOf("<svg"), dom.indexOf("</svg>"));
        assertThat(Pattern.compile("<circle").matcher(ring).results().count()).isEqualTo(5);
        assertThat(dom).contains("Device farm", "EMULATOR_DEVICES", "ev-5");

        Path png = tmp.resolve("ring.png");
        run("--window-size=1100,1400", "--screenshot=" + png, page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        long accountBlue = 0;
        long deviceRed = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                accountBlue += rgb == 0x1f77b4 ? 1 : 0;
                deviceRed += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertThat(accountBlue).as("account circles drawn").isGreaterThan(300);
        assertThat(deviceRed).as("the device drawn").isGreaterThan(100);
    }
}
