package dev.lakehouse.spark;

import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark catalogs of the lakehouse: one Iceberg REST catalog per Nessie branch, all on the same REST
 * endpoint, the branch being the REST prefix (asked for through the client's "warehouse" setting). The
 * default branch's catalog is the session's default catalog; another branch's is NAME_BRANCH.
 */
public final class LakehouseCatalogs {
    private final String defaultCatalog;
    private final String defaultBranch;
    private final Map<String, String> restClientProperties;

    /**
     * @param restClientProperties the Iceberg REST client's settings (uri, S3 credentials); the S3 endpoint,
     *                             path-style and region come from the catalog's /v1/config
     */
    LakehouseCatalogs(String defaultCatalog, String defaultBranch, Map<String, String> restClientProperties) {
        this.defaultCatalog = defaultCatalog;
        this.defaultBranch = defaultBranch;
        this.restClientProperties = Map.copyOf(restClientProperties);
    }

    /** The session settings that define the catalog of a branch. */
    Map<String, String> sessionSettings(String branch) {
        String prefix = "spark.sql.catalog." + catalogName(branch);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
        settings.put(prefix + ".type", "rest");
        settings.put(prefix + ".warehouse", branch);
        restClientProperties.forEach((key, value) -> settings.put(prefix + "." + key, value));
        return settings;
    }

    /** The catalog name of a branch: the default catalog for the default branch, else NAME_BRANCH. */
    public String catalogName(String branch) {
        if (branch.equals(defaultBranch)) {
            return defaultCatalog;
        }
        return defaultCatalog + "_" + branch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /**
     * Makes the branch's catalog known to this session (catalogs are looked up by name when first used,
     * so a branch created after the start is reachable without a restart) and returns its name.
     */
    public String register(SparkSession session, String branch) {
        sessionSettings(branch).forEach((key, value) -> session.conf().set(key, value));
        return catalogName(branch);
    }

    /**
     * A new session of the same Spark application whose default catalog is the branch's; the branch's
     * catalog is registered in {@code session} too, so both sessions can name it.
     */
    public SparkSession sessionOn(SparkSession session, String branch) {
        register(session, branch);
        SparkSession onBranch = session.newSession();
        onBranch.conf().set("spark.sql.defaultCatalog", register(onBranch, branch));
        return onBranch;
    }
}
