package dev.lakehouse.runtime.config;

import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakehouseConfigTest {
    @Test
    void theShippedDefaultsDescribeALocalStack() {
        RuntimeSettings settings = LakehouseConfig.load(Optional.empty(), Map.of(), Map.of()).settings();

        assertThat(settings.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(settings.services()).as("all components").isEmpty();
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.ports()).isEqualTo(PortMode.FIXED);
        assertThat(settings.consolePort()).isEqualTo(8088);
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void layersOverrideEachOtherFileThenEnvironmentThenExplicit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lakehouse.properties");
        Files.writeString(file, "storage.port=9100\nstorage.region=eu-west-1\nstorage.access-key=from-file\n");

        LakehouseConfig config = LakehouseConfig.load(Optional.of(file),
                Map.of("LAKEHOUSE_STORAGE_REGION", "eu-central-1", "LAKEHOUSE_STORAGE_ACCESS_KEY", "from-env", "PATH", "/bin"),
                Map.of("storage.access-key", "explicit"));
        ServiceConfig storage = config.serviceConfig("storage", Map.of());

        assertThat(storage.port("port")).isEqualTo(9100);
        assertThat(storage.string("region")).isEqualTo("eu-central-1");
        assertThat(storage.string("access-key")).isEqualTo("explicit");
        assertThat(storage.string("secret-key")).isEqualTo("password");
        assertThat(config.isExplicit("storage.port")).isTrue();
        assertThat(config.isExplicit("storage.secret-key")).isFalse();
    }

    @Test
    void aLakehouseOpenToTheNetworkMustNotKeepTheShippedCredentials() {
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("lakehouse.bind-address", "0.0.0.0",
                "storage.secret-key", "s3cr3t-of-mine")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("lakehouse.bind-address"))
                .hasMessageContaining("opens the lakehouse to the network")
                .hasMessageContaining("sourcedb.password, spark.connect-token, storage.access-key")
                .hasMessageContaining("are still the shipped default")
                .hasMessageNotContaining("storage.secret-key");

        RuntimeSettings own = LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("lakehouse.bind-address", "0.0.0.0",
                "storage.access-key", "me", "storage.secret-key", "s3cr3t-of-mine", "sourcedb.password", "pw-of-mine",
                "console.token", "t0ken-of-mine", "trino.password", "tr1no-of-mine", "catalog.token", "c4talog-of-mine", "kafka.password", "k4fka-of-mine", "spark.connect-token", "sp4rk-of-mine")).settings();
        assertThat(own.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(own.exposed()).isTrue();
        assertThat(own.consoleToken()).isEqualTo("t0ken-of-mine");
        assertThat(LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("lakehouse.bind-address", "localhost")).settings().bindAddress())
                .as("loopback keeps the shipped credentials").isEqualTo("localhost");
    }

    @Test
    void aTokenWithNoShippedValueMustBeSetBeyondLoopback() {
        assertThat(LakehouseConfig.isCredential("console.token")).isTrue();
        assertThat(LakehouseConfig.isCredential("trino.password")).isTrue();
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("lakehouse.bind-address", "0.0.0.0",
                "storage.access-key", "me", "storage.secret-key", "s3cr3t-of-mine", "sourcedb.password", "pw-of-mine")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("catalog.token, console.token, kafka.password, spark.connect-token, trino.password are still the shipped default");
        assertThat(LakehouseConfig.load(Optional.empty(), Map.of(), Map.of()).settings().exposed()).as("loopback").isFalse();
    }

    @Test
    void anUnknownKeyIsAnErrorThatSuggestsTheKnownOne() {
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("storage.prot", "1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("storage.prot"))
                .hasMessageContaining("Unknown configuration key 'storage.prot'")
                .hasMessageContaining("did you mean 'storage.port'");
    }

    @Test
    void theDefaultsOfAComponentNotOnTheClassPathAreNoMistakeButSettingOneIs() {
        // a test with only lakehouse-junit has no flows module, yet the shipped file has flows' defaults
        LakehouseConfig defaults = LakehouseConfig.load(Optional.empty(), Map.of(), Map.of());
        defaults.checkPrefixes(Set.of("storage", "catalog", "spark", "trino", "kafka", "sourcedb"));

        LakehouseConfig set = LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("flows.task-threads", "2"));
        assertThatThrownBy(() -> set.checkPrefixes(Set.of("storage", "catalog")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("flows.task-threads"))
                .hasMessageContaining("there is no component named 'flows'");
    }

    @Test
    void anUnknownEnvironmentVariableIsAnError() {
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.empty(), Map.of("LAKEHOUSE_STORAGE_PROT", "1"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LAKEHOUSE_STORAGE_PROT");
        assertThat(LakehouseConfig.load(Optional.empty(), Map.of("LAKEHOUSE_JAVA_OPTS", "-Xmx1g"), Map.of()).settings())
                .as("the launcher's own variables are not configuration").isNotNull();
    }

    @Test
    void badRuntimeValuesNameTheirKey() {
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("lakehouse.ports", "sometimes")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("lakehouse.ports"))
                .hasMessageContaining("fixed, random");
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("console.port", "70000")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("console.port"));
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("lakehouse.start-timeout", "soon")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("lakehouse.start-timeout"));
    }

    @Test
    void aMissingConfigFileIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> LakehouseConfig.load(Optional.of(dir.resolve("nope.properties")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.properties");
    }

    @Test
    void portKeysAreFoundByName() {
        LakehouseConfig config = LakehouseConfig.load(Optional.empty(), Map.of(), Map.of());
        assertThat(config.portKeys("storage")).containsExactly("storage.port");
        assertThat(config.portKeys("console")).containsExactly("console.port");
    }

    @Test
    void servicesAreAListOrAll() {
        assertThat(LakehouseConfig.load(Optional.empty(), Map.of(), Map.of("lakehouse.services", " storage , catalog ")).settings().services())
                .isEqualTo(List.of("storage", "catalog"));
    }

    @Test
    void environmentNamesFollowTheKey() {
        assertThat(LakehouseConfig.envName("storage.access-key")).isEqualTo("LAKEHOUSE_STORAGE_ACCESS_KEY");
    }
}
