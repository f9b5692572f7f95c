package org.fraudgraph.job.options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraudgraph.job.config.PipelineConfig;
import org.fraudgraph.job.io.KafkaInputs;
import org.fraudgraph.job.io.KafkaSettings;
import org.fraudgraph.job.io.ModelSignature;
import org.fraudgraph.job.io.PersonalDataKey;
import org.fraudgraph.job.io.Topics;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job's flags, shared by {@code fraudgraph run}, {@code fraudgraph demo} and the job jar's main
 * class under {@code flink run}. Every flag has a default except the bootstrap servers.
 */
public final class JobOptions {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    public String bootstrapServers;

    @Option(
            names = "--transactions-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.transactions",
            description = "Input: TransactionEvent (default: ${DEFAULT-VALUE}).")
    public String transactionsTopic;

    @Option(
            names = "--devices-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.devices",
            description = "Input: DeviceEvent (default: ${DEFAULT-VALUE}).")
    public String devicesTopic;

    @Option(
            names = "--applications-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.applications",
            description = "Input: ApplicationEvent (default: ${DEFAULT-VALUE}).")
    public String applicationsTopic;

    @Option(
            names = "--feedback-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.feedback",
            description = "Input: FeedbackEvent (default: ${DEFAULT-VALUE}).")
    public String feedbackTopic;

    @Option(
            names = "--models-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.models",
            description =
                    "Control input: scoring models as JSON; the latest valid one is in force without a restart (default: ${DEFAULT-VALUE}).")
    public String modelsTopic;

    @Option(
            names = "--scores-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.scores",
            description = "Output: FraudScore, keyed by account (default: ${DEFAULT-VALUE}).")
    public String scoresTopic;

    @Option(
            names = "--cases-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.cases",
            description =
                    "Output: RingCase, keyed by case id; make it compacted (default: ${DEFAULT-VALUE}).")
    public String casesTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.dead-letters",
            description =
                    "Output: DeadLetter, records that did not decode (default: ${DEFAULT-VALUE}).")
    public String deadLetterTopic;

    @Option(
            names = "--alerts-only",
            description =
                    "Write only REVIEW and BLOCK scores to the scores topic (default: every score, so a consumer can account for every event).")
    public boolean alertsOnly;

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            defaultValue = "fraudgraph",
            description = "Consumer group of the sources (default: ${DEFAULT-VALUE}).")
    public String groupId;

    @Option(
            names = "--start-from",
            paramLabel = "earliest|latest",
            defaultValue = "earliest",
            description =
                    "Where to start without a checkpoint or committed offsets: earliest or latest (default: ${DEFAULT-VALUE}).")
    public String startFrom;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "Extra Kafka client setting for every source and sink, e.g. security.protocol=SASL_SSL; repeatable.")
    public Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            defaultValue = "${env:FRAUDGRAPH_KAFKA_PROPERTIES}",
            description =
                    "A Java properties file of Kafka client settings for every source and sink (e.g. SASL/SSL from a mounted Secret;"
                            + " secrets may come from files or the environment through Kafka's config providers, e.g. $${file:PATH:KEY});"
                            + " --kafka-property wins over it. Default: the file named by FRAUDGRAPH_KAFKA_PROPERTIES, if set.")
    public Path kafkaPropertiesFile;

    @Option(
            names = "--model",
            paramLabel = "MODEL.json",
            description =
                    "The scoring model to start with (default: the built-in one); a model published to the models topic replaces it.")
    public Path modelFile;

    @Option(
            names = "--model-public-key",
            paramLabel = "KEY.pub",
            description =
                    "The operator's public key (from 'fraudgraph model-keys'): only models signed with the private key"
                            + " ('publish-model --sign-key') are taken from the models topic (default: unsigned models are accepted).")
    public Path modelPublicKey;

    @Option(
            names = "--hmac-key-file",
            paramLabel = "FILE",
            description =
                    "Your platform sends personal identifiers (phones, id numbers, cards, addresses, employers, contact phones)"
                            + " raw: hash each with HMAC-SHA256 under the key in FILE (at least 32 bytes, e.g. 'openssl rand -hex 32')"
                            + " as it is read, before it reaches state, logs or any output. Every TaskManager reads the file itself.")
    public Path hmacKeyFile;

    @Option(
            names = "--hmac-key-env",
            paramLabel = "NAME",
            description =
                    "As --hmac-key-file, with the key in the environment variable NAME (set on every TaskManager).")
    public String hmacKeyEnv;

    @Option(
            names = "--transactional-id-prefix",
            paramLabel = "PREFIX",
            defaultValue = "fraudgraph",
            description =
                    "Prefix of the exactly-once sinks' transactional ids; unique per job on a Kafka cluster (default: ${DEFAULT-VALUE}).")
    public String transactionalIdPrefix;

    @Option(
            names = "--transaction-timeout",
            paramLabel = "DURATION",
            defaultValue = "10min",
            converter = DurationConverter.class,
            description =
                    "Kafka transaction timeout, at most the broker's transaction.max.timeout.ms (default: ${DEFAULT-VALUE}).")
    public Duration transactionTimeout;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Operator parallelism; 0 keeps the cluster's default (default: ${DEFAULT-VALUE}).")
    public int parallelism;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "Checkpoint interval; results reach Kafka consumers once per checkpoint (default: ${DEFAULT-VALUE}).")
    public Duration checkpointInterval;

    @Option(
            names = "--buffer-timeout",
            paramLabel = "DURATION",
            defaultValue = "25ms",
            converter = DurationConverter.class,
            description =
                    "How long a network buffer between two stages waits to fill before it is sent; each event crosses"
                            + " three, so lower gets scores out sooner and higher packs buffers fuller for more throughput"
                            + " (default: ${DEFAULT-VALUE}; Flink's own default is 100ms).")
    public Duration bufferTimeout;

    @Mixin public StateCacheOptions stateCache = new StateCacheOptions();

    @Mixin public SettingsOption settings = new SettingsOption();

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description =
                    "Durable checkpoint location (file://, s3://); default: the cluster's, or a local folder for run and demo.")
    public String checkpointDir;

    @Option(
            names = "--restore-from",
            paramLabel = "PATH",
            description = "Start from this checkpoint or savepoint.")
    public Path restoreFrom;

    @Option(
            names = "--max-out-of-orderness",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "How late an event may arrive and still count as on time (default: ${DEFAULT-VALUE}).")
    public Duration maxOutOfOrderness;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description =
                    "A partition silent this long stops holding back event time (default: ${DEFAULT-VALUE}).")
    public Duration idleTimeout;

    @Option(
            names = "--event-time-order",
            description =
                    "Hold each account's and node's events until the watermark passes them and process them in event-time order,"
                            + " as replay does: the same input gives the same scores on every run and after a restore, at the cost of"
                            + " --max-out-of-orderness of extra latency; the last events wait for later ones, also after a restore"
                            + " (default: process on arrival).")
    public boolean eventTimeOrder;

    @Option(
            names = "--max-future-skew",
            paramLabel = "DURATION",
            defaultValue = "1h",
            converter = DurationConverter.class,
            description =
                    "Events further ahead of the wall clock go to the dead-letter topic (default: ${DEFAULT-VALUE}).")
    public Duration maxFutureSkew;

    /**
     * Checks the values that picocli cannot; returns a one-line problem, or {@code null} when all
     * is well.
     */
    public String problem() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return "--bootstrap-servers is required (HOST:PORT of your Kafka cluster)";
        }
        if (modelPublicKey != null) {
            try {
                ModelSignature.readPublicKey(modelPublicKey);
            } catch (java.io.IOException e) {
                return "--model-public-key: "
                        + (e instanceof java.nio.file.NoSuchFileException
                                ? modelPublicKey + ": no such file"
                                : e.getMessage());
            }
        }
        if (hmacKeyFile != null && hmacKeyEnv != null) {
            return "--hmac-key-file and --hmac-key-env: give one of them";
        }
        PersonalDataKey personal = personalDataKey();
        if (personal != null) {
            try {
                personal.load();
            } catch (IllegalArgumentException e) {
                return (hmacKeyFile != null ? "--hmac-key-file: " : "--hmac-key-env: ")
                        + e.getMessage();
            }
        }
        if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
            return "--start-from must be earliest or latest, not '" + startFrom + "'";
        }
        if (parallelism < 0) {
            return "--parallelism must be 0 or more";
        }
        if (checkpointInterval.toMillis() < 100) {
            return "--checkpoint-interval must be at least 100ms";
        }
        String cacheProblem = stateCache.problem();
        if (cacheProblem != null) {
            return cacheProblem;
        }
        String settingsProblem = settings.problem();
        if (settingsProblem != null) {
            return settingsProblem;
        }
        if (bufferTimeout.isNegative() || bufferTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
            return "--buffer-timeout must be between 0ms and 1s";
        }
        if (transactionTimeout.compareTo(Duration.ofMinutes(15)) > 0
                || transactionTimeout.compareTo(checkpointInterval) <= 0) {
            return "--transaction-timeout must be longer than the checkpoint interval and at most 15min";
        }
        if (maxOutOfOrderness.isNegative()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()
                || maxFutureSkew.isNegative()) {
            return "--max-out-of-orderness and --max-future-skew must not be negative, --idle-timeout must be positive";
        }
        for (Map.Entry<String, String> p : kafkaProperties.entrySet()) {
            if (KafkaSettings.holdsSecret(p.getKey(), p.getValue())) {
                return "--kafka-property "
                        + p.getKey()
                        + " holds a secret, and a command line is seen by every user of the machine"
                        + " (ps) and in the Flink web UI: put it in the --kafka-properties file, or"
                        + " refer to it through a Kafka config provider (${file:PATH:KEY})";
            }
        }
        for (String topic : topics().all()) {
            if (topic.isBlank()) {
                return "topic names must not be empty";
            }
        }
        if (topics().all().stream().distinct().count() != topics().all().size()) {
            return "every topic flag needs its own topic";
        }
        try {
            fileProperties();
            model();
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
        return null;
    }

    /** The settings of {@code --kafka-properties}, empty without it. */
    private Map<String, String> fileProperties() throws java.io.IOException {
        return kafkaPropertiesFile == null
                ? new LinkedHashMap<>()
                : KafkaSettings.readPropertiesFile(kafkaPropertiesFile, "--kafka-properties");
    }

    /** The model of {@code --model}, or {@code null} for the built-in one. */
    private org.fraudgraph.score.ScoringModel model() throws java.io.IOException {
        if (modelFile == null) {
            return null;
        }
        try {
            return ModelConfigFile.read(modelFile);
        } catch (java.io.IOException e) {
            throw new java.io.IOException("--model: " + e.getMessage());
        }
    }

    public Topics topics() {
        return new Topics(
                transactionsTopic,
                devicesTopic,
                applicationsTopic,
                feedbackTopic,
                modelsTopic,
                scoresTopic,
                casesTopic,
                deadLetterTopic);
    }

    public KafkaSettings kafka() {
        Map<String, String> properties;
        try {
            properties = fileProperties();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        properties.putAll(kafkaProperties);
        return new KafkaSettings(
                bootstrapServers,
                properties,
                groupId,
                startFrom.equals("earliest"),
                transactionalIdPrefix,
                transactionTimeout);
    }

    public KafkaInputs.InputSettings inputs() {
        byte[] key = null;
        if (modelPublicKey != null) {
            try {
                key = ModelSignature.readPublicKey(modelPublicKey).getEncoded();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return new KafkaInputs.InputSettings(
                maxOutOfOrderness, idleTimeout, maxFutureSkew, key, personalDataKey());
    }

    /** Where the HMAC key for raw personal identifiers is; null when they arrive hashed. */
    public PersonalDataKey personalDataKey() {
        if (hmacKeyFile != null) {
            return new PersonalDataKey(hmacKeyFile.toString(), null);
        }
        return hmacKeyEnv == null ? null : new PersonalDataKey(null, hmacKeyEnv);
    }

    /** The pipeline with the settings of the flags alone. */
    public PipelineConfig pipeline() {
        return pipeline(new org.apache.flink.configuration.Configuration());
    }

    /**
     * The pipeline with the {@code fraudgraph.*} settings of {@code cluster} (the Flink
     * configuration the job runs with), the {@code -D} flags winning.
     */
    public PipelineConfig pipeline(org.apache.flink.configuration.ReadableConfig cluster) {
        PipelineConfig config =
                PipelineConfig.of(settings.over(cluster))
                        .withAllowedLateness(maxOutOfOrderness)
                        .withStateCache(stateCache.limits());
        if (eventTimeOrder) {
            config = config.inEventTimeOrder();
        }
        try {
            org.fraudgraph.score.ScoringModel model = model();
            return model == null ? config : config.withScorer(model);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
