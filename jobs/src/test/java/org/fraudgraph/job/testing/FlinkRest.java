package org.fraudgraph.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * What a Flink cluster's REST API says about a running job, as an operator's dashboard reads it:
 * how often it restarted, which failures it saw, and the sum of an operator metric over its
 * subtasks.
 *
 * <pre>{@code
 * FlinkRest rest = FlinkRest.of(FLINK.getClientConfiguration());
 * assertThat(rest.restarts(jobId)).isZero();
 * }</pre>
 */
public final class FlinkRest {
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private FlinkRest(String base) {
        this.base = base;
    }

    /** The REST endpoint of the cluster a client configuration points at. */
    public static FlinkRest of(Configuration client) {
        return new FlinkRest(
                "http://" + client.get(RestOptions.ADDRESS) + ":" + client.get(RestOptions.PORT));
    }

    /** The job's {@code numRestarts} metric: how often it restarted since it was submitted. */
    public long restarts(JobID job) throws IOException, InterruptedException {
        JsonNode metrics = get("/jobs/" + job + "/metrics?get=numRestarts");
        for (JsonNode m : metrics) {
            if ("numRestarts".equals(m.path("id").asText())) {
                return Long.parseLong(m.path("value").asText());
            }
        }
        throw new IllegalStateException("the job reports no numRestarts metric: " + metrics);
    }

    /** The failures in the job's exception history, each as its exception's first line. */
    public List<String> exceptions(JobID job) throws IOException, InterruptedException {
        JsonNode history = get("/jobs/" + job + "/exceptions").path("exceptionHistory");
        List<String> out = new ArrayList<>();
        for (JsonNode entry : history.path("entries")) {
            out.add(
                    entry.path("exceptionName").asText()
                            + ": "
                            + entry.path("stacktrace").asText().lines().findFirst().orElse(""));
        }
        return out;
    }

    /**
     * The sum over all subtasks of the operator metric whose name ends in {@code .suffix} (say
     * {@code joinsWaiting}), in whichever task it is chained; -1 while no subtask reports it yet.
     */
    public double operatorMetricSum(JobID job, String suffix)
            throws IOException, InterruptedException {
        double sum = -1;
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            String path =
                    "/jobs/"
                            + job
                            + "/vertices/"
                            + vertex.path("id").asText()
                            + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(path)) {
                String id = m.path("id").asText();
                if (id.endsWith("." + suffix)) {
                    ids.add(id);
                }
            }
            for (String id : ids) {
                for (JsonNode m :
                        get(
                                path
                                        + "?agg=sum&get="
                                        + URLEncoder.encode(id, StandardCharsets.UTF_8))) {
                    if (m.has("sum")) {
                        sum = Math.max(sum, 0) + m.path("sum").asDouble();
                    }
                }
            }
        }
        return sum;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
