package dev.lakehouse.runtime.config;

import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ConfigKeys;
import dev.lakehouse.spi.ServiceConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The effective configuration: the shipped defaults (conf/lakehouse.properties, which lists every key),
 * then a configuration file, then LAKEHOUSE_* environment variables, then explicit settings, each layer
 * overriding the one before. Immutable; the keys of each component are handed out as a
 * {@link ServiceConfig}.
 */
public final class LakehouseConfig {
    public static final String DEFAULTS_RESOURCE = "/dev/lakehouse/runtime/conf/lakehouse.properties";
    private static final String ENV_PREFIX = "LAKEHOUSE_";
    /** Environment variables the launcher and scripts read, not configuration keys. */
    private static final Set<String> NON_CONFIG_ENV = Set.of("LAKEHOUSE_JAVA_OPTS", "LAKEHOUSE_CACHE_DIR", "LAKEHOUSE_JAVA_HOME", "LAKEHOUSE_AOT",
            "LAKEHOUSE_COMMAND");
    private static final Set<String> RUNTIME_PREFIXES = Set.of("lakehouse", "console");

    private final Map<String, String> defaults;
    private final Map<String, String> values;
    private final RuntimeSettings settings;

    private LakehouseConfig(Map<String, String> defaults, Map<String, String> values) {
        this.defaults = Collections.unmodifiableMap(defaults);
        this.values = Collections.unmodifiableMap(values);
        this.settings = bindRuntimeSettings();
        refuseShippedSecretsBeyondLoopback();
    }

    /**
     * @param file a configuration file (--config), if any
     * @param environment the process environment (only LAKEHOUSE_* variables are read)
     * @param overrides explicit settings (--set, the builder), applied last
     * @throws ConfigException for an unknown key, an unreadable file, or a bad runtime value
     */
    public static LakehouseConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> defaults = shippedDefaults();
        Map<String, String> values = new TreeMap<>(defaults);
        // "prefix.*" lines declare open prefixes (handed through unchanged), not values
        values.keySet().removeIf(key -> key.endsWith(".*"));
        file.ifPresent(f -> putAll(values, defaults, readFile(f), key -> "in " + f));
        putAll(values, defaults, fromEnvironment(defaults.keySet(), environment), key -> "from the environment");
        putAll(values, defaults, overrides, key -> "");
        return new LakehouseConfig(defaults, values);
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** Every effective value (for the log and /api/status; secrets are the caller's to mask). */
    public Map<String, String> values() {
        return values;
    }

    /** True when the value was set by the user rather than taken from the shipped defaults. */
    public boolean isExplicit(String key) {
        return !Objects.equals(values.get(key), defaults.get(key));
    }

    /** The component's keys, prefix removed, with {@code replacements} (e.g. random ports) applied. */
    public ServiceConfig serviceConfig(String service, Map<String, String> replacements) {
        String prefix = service + ".";
        Map<String, String> own = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                own.put(key.substring(prefix.length()), replacements.getOrDefault(key, value));
            }
        });
        return new ServiceConfig(service, own);
    }

    /** The keys of a component that name ports: "port" itself, or ending in "-port". */
    public List<String> portKeys(String service) {
        return values.keySet().stream()
                .filter(key -> key.startsWith(service + "."))
                .filter(key -> key.endsWith(".port") || key.endsWith("-port"))
                .toList();
    }

    /**
     * @throws ConfigException for the first key set by the user whose prefix is not a runtime key nor one of
     *                         {@code components}. The shipped defaults of a component that is not on the class path
     *                         (flows in a test that only has lakehouse-junit) are no mistake.
     */
    public void checkPrefixes(Set<String> components) {
        for (String key : values.keySet()) {
            String prefix = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (!RUNTIME_PREFIXES.contains(prefix) && !components.contains(prefix) && isExplicit(key)) {
                throw new ConfigException(key, "Unknown configuration key '" + key + "': there is no component named '"
                        + prefix + "' (components: " + String.join(", ", new TreeSet<>(components)) + ")");
            }
        }
    }

    private RuntimeSettings bindRuntimeSettings() {
        ServiceConfig lakehouse = serviceConfig("lakehouse", Map.of());
        ServiceConfig console = serviceConfig("console", Map.of());
        List<String> services = lakehouse.list("services");
        RuntimeSettings bound = new RuntimeSettings(
                Path.of(lakehouse.string("data-dir")).toAbsolutePath().normalize(),
                services.equals(List.of("all")) ? List.of() : services,
                lakehouse.string("bind-address"),
                lakehouse.enumValue("ports", PortMode.class),
                positive(lakehouse, "start-timeout"),
                console.port("port"),
                console.optionalString("token").orElse(""));
        lakehouse.checkAllUsed();
        console.checkAllUsed();
        return bound;
    }

    /**
     * A lakehouse bound beyond loopback is reachable from the network, where the shipped credentials (printed in
     * every README) open it to anyone: such a start must bring credentials of its own.
     */
    private void refuseShippedSecretsBeyondLoopback() {
        if (!settings.exposed()) {
            return;
        }
        List<String> shipped = defaults.keySet().stream().filter(LakehouseConfig::isCredential).filter(key -> !isExplicit(key)).sorted().toList();
        if (!shipped.isEmpty()) {
            throw new ConfigException("lakehouse.bind-address", "lakehouse.bind-address=" + settings.bindAddress()
                    + " opens the lakehouse to the network, but " + String.join(", ", shipped) + (shipped.size() == 1 ? " is" : " are")
                    + " still the shipped default: set " + (shipped.size() == 1 ? "it" : "each") + " to a value of your own"
                    + " (lakehouse.properties, --set or LAKEHOUSE_* variables), or bind to 127.0.0.1");
        }
    }

    /** A key, a secret, a password or a token: what a client proves itself with. */
    static boolean isCredential(String key) {
        return key.endsWith("password") || key.endsWith("secret-key") || key.endsWith("access-key") || key.endsWith("token");
    }

    private static Duration positive(ServiceConfig config, String key) {
        Duration value = config.duration(key);
        if (value.isZero()) {
            throw new ConfigException(config.fullKey(key), "Configuration key '" + config.fullKey(key) + "' must be longer than 0");
        }
        return value;
    }

    private static Map<String, String> shippedDefaults() {
        try (InputStream in = LakehouseConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the runtime jar");
            }
            return load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", "Configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config", "Configuration file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, String> load(Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name.trim(), properties.getProperty(name).trim()));
        return map;
    }

    /** LAKEHOUSE_STORAGE_ACCESS_KEY -> storage.access-key, matched against the known keys. */
    private static Map<String, String> fromEnvironment(Set<String> knownKeys, Map<String, String> environment) {
        Map<String, String> byEnvName = new TreeMap<>();
        knownKeys.forEach(key -> byEnvName.put(envName(key), key));
        Map<String, String> result = new TreeMap<>();
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !NON_CONFIG_ENV.contains(name)) {
                String key = byEnvName.get(name);
                if (key == null) {
                    throw new ConfigException(name, "Unknown environment variable " + name
                            + ": it matches no configuration key (see conf/lakehouse.properties)");
                }
                result.put(key, value);
            }
        });
        return result;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void putAll(Map<String, String> values, Map<String, String> defaults, Map<String, String> layer,
                               Function<String, String> where) {
        layer.forEach((key, value) -> {
            if (!defaults.containsKey(key) && !isPassThrough(key, defaults)) {
                String origin = where.apply(key);
                throw new ConfigException(key, "Unknown configuration key '" + key + "'" + (origin.isEmpty() ? "" : " " + origin)
                        + suggestion(key, defaults.keySet()));
            }
            values.put(key, value);
        });
    }

    /**
     * Keys under a prefix the shipped file declares as open (a key ending in ".*", for properties handed
     * through to an embedded engine unchanged).
     */
    private static boolean isPassThrough(String key, Map<String, String> defaults) {
        return defaults.keySet().stream()
                .filter(k -> k.endsWith(".*"))
                .anyMatch(k -> key.startsWith(k.substring(0, k.length() - 1)));
    }

    private static String suggestion(String key, Set<String> known) {
        return ConfigKeys.closest(key, known.stream().filter(k -> !k.endsWith(".*")).toList())
                .map(best -> " (did you mean '" + best + "'?)")
                .orElse("");
    }
}
