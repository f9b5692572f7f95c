package org.fraudgraph.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** {@code manifest.json}: how a data set was generated and how many events each file holds. */
public final class Manifest {
    public static final String FILE = "manifest.json";

    private Manifest() {}

    /**
     * Where the period of a data set with a history starts ({@code settings.start} when {@code
     * settings.historyDays} is above 0), else {@code null}: the events before it are the history.
     */
    public static Instant periodStart(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode settings = new ObjectMapper().readTree(file.toFile()).path("settings");
        if (settings.path("historyDays").asInt(0) <= 0) {
            return null;
        }
        try {
            return Instant.parse(settings.path("start").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException(FILE + ": settings.start is not an instant", e);
        }
    }

    static void write(Path dir, GeneratorConfig config, TrafficGenerator.Summary summary)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("generator", "fraudgraph TrafficGenerator");
        ObjectNode settings = root.putObject("settings");
        settings.put("accounts", config.accounts());
        settings.put("days", config.days());
        settings.put("seed", config.seed());
        settings.put("start", config.start().toString());
        settings.put("eventsPerAccountPerDay", config.eventsPerAccountPerDay());
        settings.put("deviceFarms", config.deviceFarms());
        settings.put("farmSize", config.farmSize());
        settings.put("applicationRings", config.applicationRings());
        settings.put("applicationRingSize", config.applicationRingSize());
        settings.put("cashOutRings", config.cashOutRings());
        settings.put("cashOutRingSize", config.cashOutRingSize());
        settings.put("muleChains", config.muleChains());
        settings.put("muleChainLength", config.muleChainLength());
        settings.put("takeovers", config.takeovers());
        settings.put("speed", config.speed());
        settings.put("camouflage", config.camouflage());
        if (config.largeFamilies() > 0) {
            settings.put("largeFamilies", config.largeFamilies());
        }
        if (config.profile() != GeneratorProfile.CLASSIC) {
            settings.put("profile", config.profile().label());
        }
        if (config.duplicates() > 0) {
            settings.put("duplicates", config.duplicates());
        }
        if (config.slowFarms() > 0) {
            settings.put("slowFarms", config.slowFarms());
        }
        if (config.laundering() > 0) {
            settings.put("laundering", config.laundering());
        }
        if (config.flowLookalikes() > 0) {
            settings.put("flowLookalikes", config.flowLookalikes());
        }
        if (config.travellers() > 0) {
            settings.put("travellers", config.travellers());
        }
        if (config.flashSales() > 0) {
            settings.put("flashSales", config.flashSales());
        }
        if (config.amountScale() != 1) {
            settings.put("amountScale", config.amountScale());
        }
        if (config.historyDays() > 0) {
            settings.put("historyDays", config.historyDays());
        }
        root.put("accountsIncludingRingMembers", summary.accounts());
        root.put("events", summary.events());
        ObjectNode files = root.putObject("files");
        long[] counts = summary.eventsPerFile();
        for (int i = 0; i < counts.length; i++) {
            files.put(EventFiles.fileNames().get(i), counts[i]);
        }
        root.put("rings", summary.rings());
        root.put("fraudEvents", summary.fraudEvents());
        json.writeValue(dir.resolve(FILE).toFile(), root);
    }
}
