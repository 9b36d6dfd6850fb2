package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.spark.pipeline.AuditCheck;
import dev.lakehouse.spark.pipeline.PipelineContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.lakehouse.pipelines.medallion.ShopRules.sqlList;

/**
 * Silver: one clean row per key, merged (upserted) from the bronze batches silver has not seen yet. A batch
 * row is the latest version of its key; values are normalized (e-mail in lower case, country and status
 * from their lists, UNKNOWN/unknown otherwise, a missing category becomes uncategorized, a price of zero
 * unknown); a row that cannot be used (a duplicate customer, a missing key or date, a quantity or price of
 * zero or less, a reference to a row silver does not have) goes to silver.quarantine with the reason,
 * not into its table (the reasons are a short fixed list, so they group; the record and its key say which
 * row). The tables declare their schema: a column that must have a value is NOT NULL.
 */
final class SilverLayer {
    static final String NAMESPACE = "silver";
    static final String QUARANTINE = NAMESPACE + ".quarantine";

    private static final Map<SourceTable, String> SCHEMAS = Map.of(
            SourceTable.CUSTOMERS, "customer_id BIGINT NOT NULL, email STRING NOT NULL, name STRING, country STRING NOT NULL, "
                    + "created_at TIMESTAMP_NTZ, updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL",
            SourceTable.PRODUCTS, "product_id BIGINT NOT NULL, name STRING, category STRING NOT NULL, price DECIMAL(10,2), "
                    + "updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL",
            SourceTable.ORDERS, "order_id BIGINT NOT NULL, customer_id BIGINT NOT NULL, order_date DATE NOT NULL, status STRING NOT NULL, "
                    + "updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL",
            SourceTable.ORDER_ITEMS, "order_id BIGINT NOT NULL, line_no INT NOT NULL, product_id BIGINT NOT NULL, quantity INT NOT NULL, "
                    + "unit_price DECIMAL(10,2) NOT NULL, updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL");

    /**
     * Per table: the batch's rows (view {@code bronze_latest}) as silver's columns, in silver's order, plus
     * reject_reason, null for a row silver takes.
     */
    private static final Map<SourceTable, String> CLEANING = Map.of(
            SourceTable.CUSTOMERS, """
                    WITH batch AS (
                      SELECT customer_id, lower(trim(email)) AS email, trim(name) AS name,
                             CASE WHEN upper(trim(country)) IN %s THEN upper(trim(country)) ELSE '%s' END AS country,
                             created_at, updated_at, _batch_id
                      FROM bronze_latest),
                    ranked AS (SELECT *, min(customer_id) OVER (PARTITION BY email) AS first_id FROM batch)
                    SELECT r.customer_id, r.email, r.name, r.country, r.created_at, r.updated_at, r._batch_id,
                           CASE WHEN r.email IS NULL OR r.email = '' THEN 'missing email'
                                WHEN s.customer_id IS NOT NULL OR r.first_id <> r.customer_id THEN 'duplicate customer (same e-mail)'
                           END AS reject_reason
                    FROM ranked r LEFT JOIN silver.customers s ON s.email = r.email AND s.customer_id <> r.customer_id
                    """.formatted(sqlList(ShopRules.COUNTRIES), ShopRules.UNKNOWN_COUNTRY),
            SourceTable.PRODUCTS, """
                    SELECT product_id, trim(name) AS name, coalesce(lower(trim(category)), 'uncategorized') AS category,
                           CASE WHEN price > 0 THEN price END AS price, updated_at, _batch_id,
                           CAST(NULL AS STRING) AS reject_reason
                    FROM bronze_latest
                    """,
            SourceTable.ORDERS, """
                    SELECT b.order_id, b.customer_id, b.order_date,
                           CASE WHEN lower(trim(b.status)) IN %s THEN lower(trim(b.status)) ELSE '%s' END AS status,
                           b.updated_at, b._batch_id,
                           CASE WHEN b.customer_id IS NULL THEN 'missing customer_id'
                                WHEN b.order_date IS NULL THEN 'missing order_date'
                                WHEN c.customer_id IS NULL THEN 'unknown customer'
                           END AS reject_reason
                    FROM bronze_latest b LEFT JOIN silver.customers c ON c.customer_id = b.customer_id
                    """.formatted(sqlList(ShopRules.STATUSES), ShopRules.UNKNOWN_STATUS),
            SourceTable.ORDER_ITEMS, """
                    SELECT b.order_id, b.line_no, b.product_id, b.quantity, b.unit_price, b.updated_at, b._batch_id,
                           CASE WHEN b.product_id IS NULL THEN 'missing product_id'
                                WHEN b.quantity IS NULL OR b.quantity <= 0 THEN 'quantity is not positive'
                                WHEN b.unit_price IS NULL OR b.unit_price <= 0 THEN 'unit_price is not positive'
                                WHEN o.order_id IS NULL THEN 'unknown order'
                                WHEN p.product_id IS NULL THEN 'unknown product'
                           END AS reject_reason
                    FROM bronze_latest b
                    LEFT JOIN silver.orders o ON o.order_id = b.order_id
                    LEFT JOIN silver.products p ON p.product_id = b.product_id
                    """);

    private final PipelineContext context;
    private final MedallionTables tables;

    SilverLayer(PipelineContext context, MedallionTables tables) {
        this.context = context;
        this.tables = tables;
    }

    static String table(SourceTable table) {
        return NAMESPACE + "." + table.tableName();
    }

    /** Merges the new bronze batches of every table, parents first, and returns silver's checks. */
    List<AuditCheck> run(SparkSession spark) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + NAMESPACE);
        for (SourceTable table : SourceTable.values()) {
            spark.sql("CREATE TABLE IF NOT EXISTS " + table(table) + " (" + SCHEMAS.get(table) + ") " + tables.using(table(table)));
        }
        spark.sql("CREATE TABLE IF NOT EXISTS " + QUARANTINE + " (source_table STRING NOT NULL, record_key STRING, "
                + "reason STRING NOT NULL, record STRING, _batch_id STRING NOT NULL, quarantined_at TIMESTAMP) " + tables.using(QUARANTINE));
        for (SourceTable table : SourceTable.values()) {
            merge(spark, table);
        }
        return checks();
    }

    private void merge(SparkSession spark, SourceTable table) {
        if (!tables.exists(spark, BronzeLayer.table(table))) {
            throw new IllegalStateException(BronzeLayer.table(table) + " does not exist yet: run the bronze layer first");
        }
        String seen = lastBatchSeen(spark, table);
        // a SQL view, not a DataFrame's: Spark 4.1 keeps a DataFrame view's tables as references that
        // Iceberg's MERGE rewrite cannot plan
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW bronze_latest AS SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY "
                + table.keyColumns() + " ORDER BY updated_at DESC, _ingested_at DESC) AS _version FROM " + BronzeLayer.table(table)
                + (seen == null ? "" : " WHERE _batch_id > '" + seen + "'") + ") WHERE _version = 1");
        // computed once, before the merge: the merge and the quarantine both read it, and it reads the silver
        // they change (a local checkpoint also cuts the plan loose from the tables, see above)
        Dataset<Row> checked = spark.sql(CLEANING.get(table)).localCheckpoint();
        try {
            checked.createOrReplaceTempView("checked");
            Row counts = spark.sql("SELECT count(*), count(reject_reason) FROM checked").first();
            long rejected = counts.getLong(1);
            long accepted = counts.getLong(0) - rejected;
            String columns = String.join(", ", java.util.Arrays.stream(checked.columns()).filter(c -> !c.equals("reject_reason")).toList());
            if (accepted > 0) {
                spark.sql("MERGE INTO " + table(table) + " t USING (SELECT " + columns + " FROM checked WHERE reject_reason IS NULL) s "
                        + "ON " + table.keyJoin("t", "s") + " "
                        + "WHEN MATCHED AND s.updated_at >= t.updated_at THEN UPDATE SET * "
                        + "WHEN NOT MATCHED THEN INSERT *");
            }
            if (rejected > 0) {
                spark.sql("INSERT INTO " + QUARANTINE + " SELECT '" + table.tableName() + "', " + table.keyAsString("c") + ", c.reject_reason, "
                        + "to_json(struct(" + prefixed("c", columns) + ")), c._batch_id, current_timestamp() FROM checked c "
                        + "WHERE c.reject_reason IS NOT NULL");
            }
            context.report(String.format(Locale.ROOT, "  silver  %-12s %,9d merged, %,d quarantined", table.tableName(), accepted, rejected));
        } finally {
            checked.unpersist();
            spark.catalog().dropTempView("checked");
            spark.catalog().dropTempView("bronze_latest");
        }
    }

    private static String prefixed(String alias, String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(", ")).map(column -> alias + "." + column).toList());
    }

    /** The latest bronze batch silver has taken in, into its table or the quarantine (batch ids sort by time). */
    private static String lastBatchSeen(SparkSession spark, SourceTable table) {
        return (String) spark.sql("SELECT max(_batch_id) FROM (SELECT _batch_id FROM " + table(table) + " UNION ALL SELECT _batch_id FROM "
                + QUARANTINE + " WHERE source_table = '" + table.tableName() + "')").first().get(0);
    }

    private static List<AuditCheck> checks() {
        List<AuditCheck> checks = new ArrayList<>();
        for (SourceTable table : SourceTable.values()) {
            String name = table(table);
            checks.add(AuditCheck.ofQuery(name + ".key_unique", "one row per " + table.keyColumns(),
                    "SELECT count(*) FROM (SELECT " + table.keyColumns() + " FROM " + name + " GROUP BY " + table.keyColumns()
                            + " HAVING count(*) > 1)"));
            checks.add(AuditCheck.ofQuery(name + ".accounts_for_bronze", "every key of bronze is in silver or in the quarantine",
                    "SELECT count(*) FROM (SELECT DISTINCT " + table.keyColumns() + " FROM " + BronzeLayer.table(table) + ") b "
                            + "LEFT ANTI JOIN " + name + " s ON " + table.keyJoin("s", "b") + " "
                            + "LEFT ANTI JOIN (SELECT record_key FROM " + QUARANTINE + " WHERE source_table = '" + table.tableName() + "') q "
                            + "ON q.record_key = " + table.keyAsString("b")));
        }
        checks.add(AuditCheck.ofQuery("silver.customers.email_unique", "one customer per e-mail address",
                "SELECT count(*) FROM (SELECT email FROM silver.customers GROUP BY email HAVING count(*) > 1)"));
        checks.add(AuditCheck.ofQuery("silver.customers.country_known", "country is one of the shop's or " + ShopRules.UNKNOWN_COUNTRY,
                "SELECT count(*) FROM silver.customers WHERE country NOT IN " + sqlList(withUnknown(ShopRules.COUNTRIES, ShopRules.UNKNOWN_COUNTRY))));
        checks.add(AuditCheck.ofQuery("silver.orders.status_known", "status is one of " + ShopRules.STATUSES + " or " + ShopRules.UNKNOWN_STATUS,
                "SELECT count(*) FROM silver.orders WHERE status NOT IN " + sqlList(withUnknown(ShopRules.STATUSES, ShopRules.UNKNOWN_STATUS))));
        checks.add(AuditCheck.ofQuery("silver.orders.customer_exists", "an order's customer is in silver.customers",
                "SELECT count(*) FROM silver.orders o LEFT ANTI JOIN silver.customers c ON c.customer_id = o.customer_id"));
        checks.add(AuditCheck.ofQuery("silver.order_items.order_exists", "an item's order is in silver.orders",
                "SELECT count(*) FROM silver.order_items i LEFT ANTI JOIN silver.orders o ON o.order_id = i.order_id"));
        checks.add(AuditCheck.ofQuery("silver.order_items.product_exists", "an item's product is in silver.products",
                "SELECT count(*) FROM silver.order_items i LEFT ANTI JOIN silver.products p ON p.product_id = i.product_id"));
        checks.add(AuditCheck.ofQuery("silver.order_items.quantity_in_range", "quantity is between 1 and " + ShopRules.MAX_QUANTITY,
                "SELECT count(*) FROM silver.order_items WHERE quantity NOT BETWEEN 1 AND " + ShopRules.MAX_QUANTITY));
        checks.add(AuditCheck.ofQuery("silver.order_items.unit_price_in_range", "unit_price is above 0 and at most " + ShopRules.MAX_UNIT_PRICE,
                "SELECT count(*) FROM silver.order_items WHERE unit_price <= 0 OR unit_price > " + ShopRules.MAX_UNIT_PRICE));
        checks.add(AuditCheck.ofQuery("silver.products.price_in_range", "price is unknown, or above 0 and at most " + ShopRules.MAX_UNIT_PRICE,
                "SELECT count(*) FROM silver.products WHERE price <= 0 OR price > " + ShopRules.MAX_UNIT_PRICE));
        return checks;
    }

    private static List<String> withUnknown(List<String> values, String unknown) {
        List<String> all = new ArrayList<>(values);
        all.add(unknown);
        return all;
    }
}
