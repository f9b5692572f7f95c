package org.fraudgraph.testing;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's Chromium, headless, for the tests that look at a page as a person's browser would
 * (tagged {@value #TAG}; they run with {@code mvn -B verify -Pbrowser}, which {@code .ci/run} does
 * after installing Chromium). Without Chromium on the path such a test fails: it never skips.
 *
 * <pre>{@code
 * HeadlessChromium chromium = new HeadlessChromium(tmp);
 * String dom = chromium.dom(page);
 * BufferedImage picture = chromium.screenshot(page, 1100, 1400);
 * }</pre>
 */
public final class HeadlessChromium {
    /** The JUnit tag of tests that need a real browser. */
    public static final String TAG = "browser";

    private final Path work;

    /**
     * @param work an empty folder for the browser's profile and error output
     */
    public HeadlessChromium(Path work) {
        this.work = work;
    }

    /** The page's DOM after its scripts ran (two seconds of virtual time). */
    public String dom(Path page) throws IOException, InterruptedException {
        return run("--virtual-time-budget=2000", "--dump-dom", page.toUri().toString());
    }

    /** A screenshot of the page in a window of the given size. */
    public BufferedImage screenshot(Path page, int width, int height)
            throws IOException, InterruptedException {
        Path png = work.resolve("screenshot-" + System.nanoTime() + ".png");
        run(
                "--window-size=" + width + "," + height,
                "--screenshot=" + png,
                page.toUri().toString());
        return ImageIO.read(png.toFile());
    }

    /** How many pixels of the picture have exactly this colour (0xRRGGBB). */
    public static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    private static String binary() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AssertionError(
                "this test looks at a page in headless Chromium, which is not on the path: install"
                        + " it (apt-get install chromium; .ci/run does), or run without -Pbrowser");
    }

    private String run(String... args) throws IOException, InterruptedException {
        // The background-networking flags keep Chromium from calling out on a closed network.
        List<String> command =
                new ArrayList<>(
                        List.of(
                                binary(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--hide-scrollbars",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + work.resolve("chromium-profile")));
        command.addAll(List.of(args));
        Path err = work.resolve("chromium.err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    "chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        return out;
    }
}
