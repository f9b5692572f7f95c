package org.fraudgraph.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fraudgraph.job.io.ModelSignature;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.job.options.ModelConfigFile;
import org.fraudgraph.score.ScoringModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Checks a scoring model file and publishes it to the control topic, where the running job picks it
 * up without a restart. A file that fails the check is never sent.
 */
@Command(
        name = "publish-model",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a scoring model (JSON) and publishes it to the models topic; the running job uses it from the next event on.",
            "The job checks it again and keeps the old model if it refuses it (see its log and the modelsRejected metric)."
        })
final class PublishModelCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL.json", description = "The model file.")
    Path file;

    @Mixin KafkaTopicsOption kafka;

    @Option(
            names = "--models-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.models",
            description = "The control topic (default: ${DEFAULT-VALUE}); give it one partition.")
    String topic;

    @Option(
            names = "--sign-key",
            paramLabel = "KEY",
            description =
                    "Sign the model with this private key (from 'fraudgraph model-keys'); a job started with"
                            + " --model-public-key takes only signed models.")
    Path signKey;

    @Override
    public Integer call() throws Exception {
        java.security.PrivateKey key = null;
        if (signKey != null) {
            try {
                key = ModelSignature.readPrivateKey(signKey);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new Cli.UsageProblem("--sign-key: " + signKey + ": no such file");
            } catch (java.io.IOException e) {
                throw new Cli.UsageProblem("--sign-key: " + e.getMessage());
            }
        }
        ScoringModel model;
        try {
            model = ModelConfigFile.read(file);
        } catch (java.io.IOException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        kafka.requireTopics(topic);
        Properties p = kafka.settings().clientConfig();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        byte[] json =
                Files.readString(file, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            topic, model.version().getBytes(StandardCharsets.UTF_8), json);
            if (key != null) {
                record.headers().add(ModelSignature.HEADER, ModelSignature.sign(key, json));
            }
            RecordMetadata sent = producer.send(record).get(30, TimeUnit.SECONDS);
            System.out.printf(
                    "fraudgraph: published %s model %s (%d terms, %d rules, review %.2f, block %.2f) to %s, offset %d%n",
                    key != null ? "signed" : "unsigned",
                    model.version(),
                    model.terms().size(),
                    model.rules().size(),
                    model.thresholds().review(),
                    model.thresholds().block(),
                    topic,
                    sent.offset());
        }
        return 0;
    }
}
