package org.fraudgraph.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.fraudgraph.job.testing.JobTesting;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("hostile")
class NoSecretOnTheCommandLineTest {
    private static JobOptions run(String... extra) {
        return JobTesting.options(
                "localhost:9092", JobTesting.topics("t"), Path.of("/tmp/cp"), extra);
    }

    @Test
    void aPasswordOrJaasLoginGivenAsAFlagIsRefusedWithWhereToPutIt() {
        assertThatThrownBy(
                        () ->
                                run(
                                        "--kafka-property",
                                        "sasl.jaas.config=org.apache.kafka.common.security.plain"
                                                + ".PlainLoginModule required username=\"u\""
                                                + " password=\"hunter2\";"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--kafka-property sasl.jaas.config holds a secret")
                .hasMessageContaining("--kafka-properties file")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> run("--kafka-property", "ssl.keystore.password=changeit"))
                .hasMessageStartingWith("--kafka-property ssl.keystore.password holds a secret");
    }

    @Test
    void settingsThatHoldNoSecretAndConfigProviderReferencesPass() {
        assertThat(
                        run(
                                        "--kafka-property",
                                        "security.protocol=SASL_SSL",
                                        "--kafka-property",
                                        "ssl.truststore.password=${file:/etc/kafka/s.properties:pw}")
                                .kafkaProperties)
                .containsEntry("security.protocol", "SASL_SSL");
    }
}
