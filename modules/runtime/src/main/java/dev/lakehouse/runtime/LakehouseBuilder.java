package dev.lakehouse.runtime;

import dev.lakehouse.runtime.config.LakehouseConfig;
import dev.lakehouse.runtime.config.PortMode;
import dev.lakehouse.runtime.config.RuntimeSettings;
import dev.lakehouse.spi.ConfigException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes a lakehouse to start; sensible defaults for everything (all components, fixed ports, ./data).
 * <pre>{@code
 * try (Lakehouse lakehouse = Lakehouse.builder().dataDir(dir).services("storage").randomPorts().start()) {
 *     URI s3 = lakehouse.s3Endpoint();
 * }
 * }</pre>
 */
public final class LakehouseBuilder {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Optional<Path> configFile = Optional.empty();
    private Map<String, String> environment = System.getenv();
    private LakehouseListener listener = new LakehouseListener() { };
    private boolean console;

    LakehouseBuilder() {
    }

    /** Where everything is kept (default ./data). */
    public LakehouseBuilder dataDir(Path dataDir) {
        return set("lakehouse.data-dir", dataDir.toString());
    }

    /** Only these components (and what they depend on). Default: every component there is. */
    public LakehouseBuilder services(String... services) {
        return set("lakehouse.services", String.join(",", Arrays.asList(services)));
    }

    /** Free ports chosen at start instead of the fixed defaults (9000, 19120, ...). */
    public LakehouseBuilder randomPorts() {
        return set("lakehouse.ports", PortMode.RANDOM.name().toLowerCase(Locale.ROOT));
    }

    public LakehouseBuilder bindAddress(String address) {
        return set("lakehouse.bind-address", address);
    }

    /** A properties file layered over the defaults (the command line's --config). */
    public LakehouseBuilder configFile(Path file) {
        this.configFile = Optional.of(file);
        return this;
    }

    /** One configuration value (the command line's --set); see conf/lakehouse.properties for the keys. */
    public LakehouseBuilder set(String key, String value) {
        settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The LAKEHOUSE_* variables to read (default: the process environment). */
    public LakehouseBuilder environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    public LakehouseBuilder listener(LakehouseListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Also serve the console (/health, /api/status, the web console) on console.port. */
    public LakehouseBuilder withConsole() {
        this.console = true;
        return this;
    }

    /**
     * The process-wide settings this builder describes (data directory, ports, ...), validated, without
     * discovering or creating any component: what a caller needs before {@link #build()}, e.g. to set up
     * logging in the data directory.
     *
     * @throws ConfigException naming the first key at fault
     */
    public RuntimeSettings settings() {
        return LakehouseConfig.load(configFile, environment, settings).settings();
    }

    /**
     * The keys under a prefix of the configuration this builder describes, prefix removed (e.g.
     * "spark.conf." for the Spark settings a Spark of the command line's own should share).
     */
    public Map<String, String> configurationWithPrefix(String prefix) {
        Map<String, String> result = new java.util.TreeMap<>();
        LakehouseConfig.load(configFile, environment, settings).values().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    /**
     * Validates the whole configuration, of every component, without starting anything.
     *
     * @throws ConfigException naming the first key at fault
     */
    public Lakehouse build() {
        return new Lakehouse(LakehouseConfig.load(configFile, environment, settings), listener, console);
    }

    /** {@link #build()} and {@link Lakehouse#start()}. */
    public Lakehouse start() {
        return build().start();
    }
}
