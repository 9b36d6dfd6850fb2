package dev.lakehouse.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceConfigTest {
    enum Mode { FAST_AND_LOOSE, CAREFUL }

    private final ServiceConfig config = new ServiceConfig("demo", Map.of(
            "port", "9000", "bad-port", "0", "flag", "yes", "timeout", "30s", "size", "16MB",
            "list", "a, b,,c", "mode", "fast-and-loose", "blank", " ", "catalog.x.a", "1", "catalog.x.b", "2"));

    @Test
    void typedGetters() {
        assertThat(config.port("port")).isEqualTo(9000);
        assertThat(config.bool("flag")).isTrue();
        assertThat(config.duration("timeout")).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.bytes("size")).isEqualTo(16L * 1024 * 1024);
        assertThat(config.list("list")).isEqualTo(List.of("a", "b", "c"));
        assertThat(config.enumValue("mode", Mode.class)).isEqualTo(Mode.FAST_AND_LOOSE);
        assertThat(config.optionalString("blank")).isEmpty();
        assertThat(config.withPrefix("catalog.x.")).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void invalidValuesNameTheFullKey() {
        assertThatThrownBy(() -> config.port("bad-port"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("demo.bad-port"))
                .hasMessageContaining("'0'");
        assertThatThrownBy(() -> config.bool("port")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> config.enumValue("flag", Mode.class)).hasMessageContaining("fast-and-loose, careful");
        assertThatThrownBy(() -> config.string("missing")).hasMessageContaining("'demo.missing' must be set");
    }

    @Test
    void aKeyNobodyReadIsReported() {
        ServiceConfig partlyRead = new ServiceConfig("storage", Map.of("port", "1", "prot", "2"));
        partlyRead.port("port");
        assertThatThrownBy(partlyRead::checkAllUsed)
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("storage.prot"))
                .hasMessageContaining("did you mean 'storage.port'");
    }

    @Test
    void closestKeyOnlyForLikelyTypos() {
        assertThat(ConfigKeys.closest("acess-key", List.of("access-key", "secret-key"))).contains("access-key");
        assertThat(ConfigKeys.closest("completely-else", List.of("port"))).isEmpty();
    }
}
