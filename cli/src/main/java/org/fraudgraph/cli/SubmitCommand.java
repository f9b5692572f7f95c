package org.fraudgraph.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Submits the job jar to a running Flink cluster through its REST API (upload, then run), as a
 * deployment tool would: {@code bin/fraudgraph submit --bootstrap-servers 127.0.0.1:19092}.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Submits the fraudgraph job to a running Flink cluster through its REST API (bin/local-cluster up starts one).",
            "Flags after -- go to the job (see 'fraudgraph run --help'), e.g. -- --checkpoint-interval 2s."
        })
final class SubmitCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--rest",
            defaultValue = "http://127.0.0.1:8081",
            paramLabel = "URL",
            description = "The cluster's REST address (default: ${DEFAULT-VALUE}).")
    URI rest;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, as the cluster's TaskManagers reach them.")
    String bootstrapServers;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--jar",
            paramLabel = "JOB.jar",
            description = "The job jar (default: jobs/target/fraudgraph-jobs-<version>-job.jar).")
    Path jar;

    @Option(
            names = "--restore-from",
            paramLabel = "PATH",
            description = "Start from this savepoint or retained checkpoint.")
    String restoreFrom;

    @Parameters(paramLabel = "JOB_FLAG", description = "Flags for the job itself.")
    List<String> jobFlags = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path file = jar != null ? jar : defaultJar();
        if (!Files.isRegularFile(file)) {
            throw new Cli.UsageProblem(
                    "no job jar at " + file + " (build it: mvn -B -DskipTests package)");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String boundary = "fraudgraph-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + file.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode uploaded =
                send(
                        http,
                        HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build());
        String filename = uploaded.path("filename").asText();
        String jarId = filename.substring(filename.lastIndexOf('/') + 1);

        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers));
        args.addAll(jobFlags);
        ObjectNode run = JSON.createObjectNode();
        run.put("entryClass", "org.fraudgraph.job.FraudGraphJob");
        run.put("parallelism", parallelism);
        run.putPOJO("programArgsList", args);
        if (restoreFrom != null) {
            run.put("savepointPath", restoreFrom);
        }
        JsonNode started =
                send(
                        http,
                        HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(run.toString()))
                                .build());
        String jobId = started.path("jobid").asText();
        System.out.printf(
                "fraudgraph: submitted job %s to %s (parallelism %d); web UI %s/#/job/running/%s/overview%n",
                jobId, rest, parallelism, rest, jobId);
        System.out.println(jobId);
        return 0;
    }

    private JsonNode send(HttpClient http, HttpRequest request) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Cli.UsageProblem(
                    "no Flink cluster answers at " + rest + " (start one: bin/local-cluster up)");
        } catch (IOException e) {
            throw new Cli.UsageProblem("Flink at " + rest + ": " + e.getMessage());
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        if (response.statusCode() / 100 != 2) {
            String error = json.path("errors").path(0).asText(response.body());
            int nl = error.indexOf('\n');
            throw new Cli.UsageProblem(
                    "Flink refused "
                            + request.uri().getPath()
                            + " ("
                            + response.statusCode()
                            + "): "
                            + (nl < 0 ? error : error.substring(0, nl)));
        }
        return json;
    }

    private static Path defaultJar() throws IOException {
        Path target = Path.of("jobs", "target");
        if (Files.isDirectory(target)) {
            try (var files = Files.list(target)) {
                var found =
                        files.filter(f -> f.getFileName().toString().endsWith("-job.jar"))
                                .findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return target.resolve("fraudgraph-jobs-job.jar");
    }
}
