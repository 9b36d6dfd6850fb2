package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.spark.pipeline.InvalidOptionException;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table format the medallion writes, and where its tables live. The layers name their tables the same way
 * ({@code bronze.orders}, {@code gold.top_products}) in either format; what differs is how a table is created.
 * <ul>
 *   <li>{@code iceberg} (the default): Iceberg tables in the lakehouse's catalog (Nessie), the session's default
 *       catalog;</li>
 *   <li>{@code delta}: Delta tables on the object store under {@code ROOT/<layer>/<table>} (default
 *       {@code s3a://warehouse/delta}), named in {@code spark_catalog}, Spark's session catalog (Delta's catalog).
 *       Without a metastore, spark_catalog forgets names at a restart; the data and logs stay, and a run names
 *       again the tables it finds under its root before it writes.</li>
 * </ul>
 */
final class MedallionTables {
    enum Format { ICEBERG, DELTA }

    static final String DEFAULT_DELTA_ROOT = "s3a://warehouse/delta";
    private static final String SESSION_CATALOG = "spark_catalog";

    private final Format format;
    private final String root;

    private MedallionTables(Format format, String root) {
        this.format = format;
        this.root = root;
    }

    static MedallionTables iceberg() {
        return new MedallionTables(Format.ICEBERG, null);
    }

    /** Delta tables under {@code root}, an s3a:// (or any Hadoop file system's) location without a trailing slash. */
    static MedallionTables delta(String root) {
        return new MedallionTables(Format.DELTA, root.replaceAll("/+$", ""));
    }

    /** From the options {@code format} (iceberg, delta) and {@code location} (Delta's root). */
    static MedallionTables of(String format, String location) {
        Format parsed;
        try {
            parsed = Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("format", format, "use iceberg or delta");
        }
        if (parsed == Format.ICEBERG) {
            if (location != null) {
                throw new InvalidOptionException("location", location, "only a Delta run takes a location (Iceberg tables go where the catalog puts them)");
            }
            return iceberg();
        }
        String root = location == null ? DEFAULT_DELTA_ROOT : location;
        if (!root.matches("[a-z][a-z0-9+.-]*://.+")) {
            throw new InvalidOptionException("location", root, "use a location such as " + DEFAULT_DELTA_ROOT);
        }
        return delta(root);
    }

    Format format() {
        return format;
    }

    /** Where a Delta table of the medallion lives, e.g. s3a://warehouse/delta/silver/orders. */
    String location(String table) {
        return root + "/" + table.replace('.', '/');
    }

    /**
     * A session to write and audit the tables in: for Delta a new session (of {@code spark}'s) whose default catalog is
     * spark_catalog, so the layers' SQL names the Delta tables; for Iceberg {@code spark} itself.
     */
    SparkSession session(SparkSession spark) {
        if (format == Format.ICEBERG) {
            return spark;
        }
        String sessionCatalog = spark.conf().get("spark.sql.catalog." + SESSION_CATALOG, "");
        if (!sessionCatalog.endsWith("DeltaCatalog")) {
            throw new IllegalStateException("the medallion on Delta needs Delta Lake in the lakehouse's Spark (spark.delta-enabled=true)");
        }
        SparkSession delta = spark.newSession();
        delta.conf().set("spark.sql.defaultCatalog", SESSION_CATALOG);
        return delta;
    }

    /**
     * Names in spark_catalog the medallion's Delta tables found under the root that it does not know yet (after a
     * restart): their schema is read from their Delta log. Returns the tables named. Nothing to do for Iceberg.
     */
    List<String> registerExisting(SparkSession session, List<String> tables) {
        List<String> registered = new ArrayList<>();
        if (format == Format.ICEBERG) {
            return registered;
        }
        for (String table : tables) {
            String namespace = table.substring(0, table.indexOf('.'));
            session.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
            if (!exists(session, table) && DeltaTable.isDeltaTable(session, location(table))) {
                session.sql("CREATE TABLE IF NOT EXISTS " + table + " USING delta LOCATION '" + location(table) + "'");
                registered.add(table);
            }
        }
        return registered;
    }

    /**
     * Whether {@code table} ("bronze.orders") is in this format's catalog: spark_catalog for Delta, the session's
     * current catalog (the lakehouse catalog, or a branch's) for Iceberg. Not Spark's
     * {@code catalog().tableExists(name)} alone: for a two-part name it looks in spark_catalog first, so a Delta
     * medallion's bronze.orders there would answer for the Iceberg one.
     */
    boolean exists(SparkSession session, String table) {
        // for Delta not the current catalog: in a pipeline's Delta session it still named the Iceberg one
        String catalog = format == Format.DELTA ? SESSION_CATALOG : session.catalog().currentCatalog();
        // quoted: a branch's catalog name holds the branch's dashes (lakehouse_etl-20261130t...)
        return session.catalog().tableExists("`" + catalog.replace("`", "``") + "`." + table);
    }

    /** What follows a CREATE TABLE's column list: the format, and for Delta the table's location. */
    String using(String table) {
        return switch (format) {
            case ICEBERG -> "USING iceberg TBLPROPERTIES ('format-version' = '2')";
            case DELTA -> "USING delta LOCATION '" + location(table) + "'";
        };
    }

    /** Creates {@code table} with {@code rows} in it, in this format (bronze's first load). */
    void create(SparkSession session, Dataset<Row> rows, String table) throws Exception {
        switch (format) {
            case ICEBERG -> rows.writeTo(table).using("iceberg").tableProperty("format-version", "2").create();
            case DELTA -> {
                // the location as SQL's LOCATION clause (a "location" table property is Spark's reserved word), then the rows
                session.sql("CREATE TABLE " + table + " (" + rows.schema().toDDL() + ") " + using(table));
                rows.writeTo(table).append();
            }
        }
    }

    /** How the run's report names where the tables are. */
    String describe() {
        return format == Format.ICEBERG ? "Iceberg tables in the lakehouse catalog" : "Delta tables under " + root;
    }
}
