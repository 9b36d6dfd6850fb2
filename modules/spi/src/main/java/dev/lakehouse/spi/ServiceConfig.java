package dev.lakehouse.spi;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component's configuration: the keys under its prefix ("storage.port" is {@code port} here) with
 * typed, validated getters. Each component binds it into an immutable record of its own; a key that
 * nothing read is reported by {@link #checkAllUsed()}, so a typo is an error, not a silent default.
 */
public final class ServiceConfig {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);

    private final String prefix;
    private final Map<String, String> values;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    /** @param values the component's keys without the prefix */
    public ServiceConfig(String prefix, Map<String, String> values) {
        this.prefix = prefix;
        this.values = Map.copyOf(values);
    }

    public String prefix() {
        return prefix;
    }

    /** The full key as users write it, e.g. "storage.port". */
    public String fullKey(String key) {
        return prefix + "." + key;
    }

    /** A required value (leading and trailing blanks removed). */
    public String string(String key) {
        return optionalString(key).orElseThrow(() -> new ConfigException(fullKey(key),
                "Configuration key '" + fullKey(key) + "' must be set"));
    }

    /** A value that may be absent or empty. */
    public Optional<String> optionalString(String key) {
        used.add(key);
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public int integer(String key, int min, int max) {
        String value = string(key);
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw invalid(key, value, "a whole number from " + min + " to " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number from " + min + " to " + max);
        }
    }

    /** A TCP port, 1-65535 (0 is not accepted: random ports are chosen by the runtime, see --ports). */
    public int port(String key) {
        return integer(key, 1, 65535);
    }

    public boolean bool(String key) {
        String value = string(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, value, "true or false");
        };
    }

    /** A duration such as 500ms, 30s, 5m, 2h or 1d. */
    public Duration duration(String key) {
        String value = string(key);
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw invalid(key, value, "a duration such as 500ms, 30s, 5m, 2h or 1d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A size in bytes, written as 512, 64KB, 16MB, 2GB (powers of 1024). */
    public long bytes(String key) {
        String value = string(key);
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw invalid(key, value, "a size such as 512, 64KB, 16MB or 2GB");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = List.of("B", "KB", "MB", "GB", "TB").indexOf(unit) * 10;
        return amount << shift;
    }

    /** A comma-separated list; empty entries are dropped. */
    public List<String> list(String key) {
        return optionalString(key)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String value = string(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().replace('_', '-').equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> allowed = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        throw invalid(key, value, "one of " + String.join(", ", allowed));
    }

    /**
     * Every key under {@code subPrefix} (which ends with a dot), the sub-prefix removed: properties passed
     * through to an embedded engine as they are, e.g. "catalog.iceberg." for Trino catalog properties.
     */
    public Map<String, String> withPrefix(String subPrefix) {
        Map<String, String> result = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(subPrefix)) {
                used.add(key);
                result.put(key.substring(subPrefix.length()), value);
            }
        });
        return result;
    }

    /** @throws ConfigException naming the first key (in order) that no getter asked for */
    public void checkAllUsed() {
        Set<String> unused = new TreeSet<>(values.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            String key = fullKey(unused.iterator().next());
            throw new ConfigException(key, "Unknown configuration key '" + key + "'"
                    + suggestion(unused.iterator().next()));
        }
    }

    private String suggestion(String unknown) {
        return ConfigKeys.closest(unknown, values.keySet().stream().filter(used::contains).toList())
                .map(best -> " (did you mean '" + fullKey(best) + "'?)")
                .orElse("");
    }

    private ConfigException invalid(String key, String value, String expected) {
        return new ConfigException(fullKey(key),
                "Configuration key '" + fullKey(key) + "' has the value '" + value + "', but must be " + expected);
    }
}
