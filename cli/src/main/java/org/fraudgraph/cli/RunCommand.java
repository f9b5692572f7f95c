package org.fraudgraph.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.fraudgraph.job.FraudGraphJob;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.JobOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the job in this process against an existing Kafka cluster, until stopped. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the fraudgraph job on a local Flink MiniCluster (web UI on 127.0.0.1) against an existing Kafka "
                    + "cluster, until you stop it with Ctrl-C.",
            "Checkpoints go to ./.fraudgraph/checkpoints unless --checkpoint-dir says otherwise; restart from one "
                    + "with --restore-from."
        })
final class RunCommand implements Callable<Integer> {
    @Mixin JobOptions options;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description =
                    "Port of the Flink web UI (default: ${DEFAULT-VALUE}; another free port if taken).")
    int webUiPort;

    @Override
    public Integer call() throws Exception {
        Cli.requireValid(options);
        if (options.parallelism > 0) {
            LocalFlink.requireParallelism(options.parallelism);
        }
        LocalFlink.requirePort(webUiPort, "--web-ui-port");
        String kafkaProblem =
                KafkaPreflight.problem(options.kafka(), options.topics(), Duration.ofSeconds(15));
        if (kafkaProblem != null) {
            throw new Cli.UsageProblem(kafkaProblem);
        }
        int port = LocalFlink.freePort(webUiPort);
        StreamExecutionEnvironment env =
                LocalFlink.environment(options, port, Path.of(".fraudgraph").toAbsolutePath());
        FraudGraphJob.wire(env, options);
        System.out.printf(
                "fraudgraph: running against %s; Flink web UI http://127.0.0.1:%d (Ctrl-C stops)%n",
                options.bootstrapServers, port);
        env.execute("fraudgraph");
        return 0;
    }
}
