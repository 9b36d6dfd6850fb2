package dev.lakehouse.spark;

import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * The Spark catalogs of the lakehouse: one per Nessie branch, all on the same Iceberg REST endpoint (the
 * branch is the REST prefix). The default branch's catalog is the session's default catalog; another
 * branch's is NAME_BRANCH, known to every session as soon as a statement names it (BranchCatalogExtensions).
 * Their table cache is off: other engines and processes (Trino, a pipeline, a merge into main) change
 * tables under a session, and a cached table would show its old snapshot for up to 30 seconds.
 */
public final class LakehouseCatalogs {
    static final String SPARK_CATALOG = "org.apache.iceberg.spark.SparkCatalog";

    private final String defaultCatalog;
    private final String defaultBranch;

    LakehouseCatalogs(String defaultCatalog, String defaultBranch) {
        this.defaultCatalog = defaultCatalog;
        this.defaultBranch = defaultBranch;
    }

    /** The catalog name of a branch: the default catalog for the default branch, else NAME_BRANCH (as it is spelled). */
    public String catalogName(String branch) {
        if (branch.equals(defaultBranch)) {
            return defaultCatalog;
        }
        return defaultCatalog + "_" + branch;
    }

    /** The Spark settings that make {@code name} a lakehouse catalog (the default branch's unless a warehouse is set). */
    static Map<String, String> catalogSettings(String name) {
        return Map.of(
                "spark.sql.catalog." + name, SPARK_CATALOG,
                "spark.sql.catalog." + name + ".catalog-impl", LakehouseSparkCatalog.class.getName(),
                "spark.sql.catalog." + name + ".cache-enabled", "false");
    }

    /** The settings of catalog {@code name} on a branch (its warehouse, the REST prefix, is the branch). */
    static Map<String, String> branchCatalogSettings(String name, String branch) {
        Map<String, String> settings = new java.util.HashMap<>(catalogSettings(name));
        settings.put("spark.sql.catalog." + name + ".warehouse", branch);
        return settings;
    }

    /** Makes the branch's catalog known to the session and returns its name. */
    public String register(SparkSession session, String branch) {
        String name = catalogName(branch);
        (name.equals(defaultCatalog) ? catalogSettings(name) : branchCatalogSettings(name, branch)).forEach(session.conf()::set);
        return name;
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
