package dev.lakehouse.models.run;

import dev.lakehouse.models.engine.SqlEngine;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the session's catalog holds, read once per schema (one query, not one per model) and kept up to date as the
 * run creates and drops relations.
 */
final class Relations {
    private final SqlEngine engine;
    private final Map<String, Map<String, String>> schemas = new HashMap<>();

    Relations(SqlEngine engine) {
        this.engine = engine;
    }

    /** "table", "view", or null when there is no such relation. */
    String type(String schema, String name) throws SqlEngine.EngineException {
        return schema(schema).get(name.toLowerCase(Locale.ROOT));
    }

    void created(String schema, String name, String type) throws SqlEngine.EngineException {
        schema(schema).put(name.toLowerCase(Locale.ROOT), type);
    }

    void dropped(String schema, String name) throws SqlEngine.EngineException {
        schema(schema).remove(name.toLowerCase(Locale.ROOT));
    }

    /** Forgets what is known of a schema: the next question reads it again. */
    void forget(String schema) {
        schemas.remove(schema.toLowerCase(Locale.ROOT));
    }

    private Map<String, String> schema(String schema) throws SqlEngine.EngineException {
        String key = schema.toLowerCase(Locale.ROOT);
        Map<String, String> relations = schemas.get(key);
        if (relations == null) {
            relations = new HashMap<>(engine.relations(schema));
            schemas.put(key, relations);
        }
        return relations;
    }
}
