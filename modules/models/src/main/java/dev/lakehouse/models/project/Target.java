package dev.lakehouse.models.project;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What dbt calls the target (a profile's output): here the lakehouse's engine, the catalog to build in (Trino's
 * iceberg or iceberg_BRANCH, Spark's lakehouse or lakehouse_BRANCH) and the schema models go to by default.
 *
 * @param name     target.name (dbt's target name; "dev" unless --target says otherwise)
 * @param type     "trino" or "spark"
 * @param database the catalog (dbt's database)
 * @param schema   the default schema: --schema, else the project's name
 */
public record Target(String name, String type, String database, String schema) {
    /** target.* as templates see it. */
    public Map<String, Object> asMap() {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", name);
        target.put("target_name", name);
        target.put("profile_name", "lakehouse");
        target.put("type", type);
        target.put("database", database);
        target.put("catalog", database);
        target.put("schema", schema);
        target.put("threads", 1);
        target.put("user", System.getProperty("user.name", "lakehouse"));
        return target;
    }
}
