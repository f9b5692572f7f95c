package org.fraudgraph.job;

import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.fraudgraph.job.io.FraudOutputs;
import org.fraudgraph.job.io.KafkaInputs;
import org.fraudgraph.job.io.KafkaOutputs;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.JobOptions;
import org.fraudgraph.schema.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The job jar's main class, for {@code flink run} and the Kubernetes operator: Kafka in, Kafka out,
 * settings from the flags of {@link JobOptions}.
 *
 * <pre>{@code
 * flink run fraudgraph-jobs-job.jar --bootstrap-servers kafka:9092 --parallelism 4
 * }</pre>
 */
@Command(
        name = "fraudgraph-job",
        mixinStandardHelpOptions = true,
        description = "Runs the fraudgraph job on the Flink cluster it is submitted to.")
public final class FraudGraphJob implements Callable<Integer> {
    @Mixin JobOptions options;

    public static void main(String[] args) {
        int exit = Cli.commandLine(new FraudGraphJob()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        Cli.requireValid(options);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(options, null));
        wire(env, options);
        env.execute("fraudgraph");
        return 0;
    }

    /** Kafka sources, the pipeline and Kafka sinks on {@code env}. */
    public static void wire(StreamExecutionEnvironment env, JobOptions options) {
        KafkaInputs in =
                KafkaInputs.create(env, options.kafka(), options.topics(), options.inputs());
        FraudOutputs out =
                FraudPipeline.build(in.events(), options.pipeline(env.getConfiguration()));
        if (options.alertsOnly) {
            out =
                    new FraudOutputs(
                            out.scores()
                                    .filter(s -> s.getDecision() != Decision.ALLOW)
                                    .uid("alerts-only")
                                    .name("Alerts only"),
                            out.cases());
        }
        KafkaOutputs.sink(out, in.deadLetters(), options.kafka(), options.topics());
    }
}
