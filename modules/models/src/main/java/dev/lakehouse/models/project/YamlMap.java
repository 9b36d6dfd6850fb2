package dev.lakehouse.models.project;

import dev.lakehouse.models.ModelsException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML mapping as read from a file, in the file's order, that remembers where it and each of its keys are, so
 * that a mistake in a value can be reported as {@code models/schema.yml:12}.
 */
public final class YamlMap extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final Map<String, Integer> keyLines = new HashMap<>();

    YamlMap(String file, int line) {
        this.file = file;
        this.line = line;
    }

    /** An empty mapping that belongs to no file (a default). */
    public static YamlMap empty() {
        return new YamlMap(null, 0);
    }

    void keyLine(String key, int keyLine) {
        keyLines.put(key, keyLine);
    }

    public String file() {
        return file;
    }

    /** 1-based line of the mapping's first key. */
    public int line() {
        return line;
    }

    /** 1-based line of a key, or the mapping's line when the key is not in the file. */
    public int line(String key) {
        return keyLines.getOrDefault(key, line);
    }

    /** An error at the key's line. */
    public ModelsException error(String key, String reason) {
        return ModelsException.in(file, line(key), reason);
    }

    /** An error at the mapping's line. */
    public ModelsException error(String reason) {
        return ModelsException.in(file, line, reason);
    }

    /** The value as text (numbers and booleans too, as YAML wrote them), or null when absent. */
    public String text(String key) {
        Object value = get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw error(key, "'" + key + "' must be a single value, not " + (value instanceof Map<?, ?> ? "a mapping" : "a list"));
        }
        return String.valueOf(value);
    }

    public String text(String key, String otherwise) {
        String value = text(key);
        return value == null ? otherwise : value;
    }

    /** A nested mapping, or an empty one when absent. */
    public YamlMap map(String key) {
        Object value = get(key);
        if (value == null) {
            YamlMap empty = new YamlMap(file, line(key));
            return empty;
        }
        if (value instanceof YamlMap map) {
            return map;
        }
        throw error(key, "'" + key + "' must be a mapping (key: value lines), not " + describe(value));
    }

    /** A nested list, or an empty one when absent; a single value counts as a list of one. */
    public YamlList list(String key) {
        Object value = get(key);
        if (value == null) {
            return new YamlList(file, line(key));
        }
        if (value instanceof YamlList list) {
            return list;
        }
        if (value instanceof Map<?, ?>) {
            throw error(key, "'" + key + "' must be a list (- item lines), not a mapping");
        }
        YamlList single = new YamlList(file, line(key));
        single.add(value);
        single.itemLine(line(key));
        return single;
    }

    static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
