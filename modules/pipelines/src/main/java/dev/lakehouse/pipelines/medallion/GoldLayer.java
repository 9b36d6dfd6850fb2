package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.spark.pipeline.AuditCheck;
import dev.lakehouse.spark.pipeline.PipelineContext;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Locale;

import static dev.lakehouse.pipelines.medallion.ShopRules.sqlList;

/**
 * Gold: the business's figures, rebuilt from silver on every run (INSERT OVERWRITE: one atomic snapshot
 * per table, so each run stays in the table's history). Revenue is quantity x unit_price of the items of
 * orders that are paid, shipped or delivered.
 */
final class GoldLayer {
    static final String NAMESPACE = "gold";

    /** A gold table: its schema, and the query over view revenue_lines that fills it. */
    private record GoldTable(String name, String schema, String query) {
    }

    private static final List<GoldTable> TABLES = List.of(
            new GoldTable("gold.revenue_by_country_month", "country STRING, month DATE, orders BIGINT, revenue DECIMAL(20,2)",
                    "SELECT country, trunc(order_date, 'MM'), count(DISTINCT order_id), CAST(sum(amount) AS DECIMAL(20,2)) "
                            + "FROM revenue_lines GROUP BY 1, 2"),
            new GoldTable("gold.customer_lifetime_value", "customer_id BIGINT, email STRING, country STRING, orders BIGINT, "
                    + "lifetime_value DECIMAL(20,2), first_order_date DATE, last_order_date DATE",
                    "SELECT customer_id, email, country, count(DISTINCT order_id), CAST(sum(amount) AS DECIMAL(20,2)), min(order_date), "
                            + "max(order_date) FROM revenue_lines GROUP BY customer_id, email, country"),
            new GoldTable("gold.top_products", "sales_rank INT, product_id BIGINT, name STRING, category STRING, units BIGINT, "
                    + "revenue DECIMAL(20,2)",
                    "SELECT * FROM (SELECT CAST(rank() OVER (ORDER BY sum(amount) DESC, product_id) AS INT) AS sales_rank, product_id, "
                            + "name, category, sum(quantity), CAST(sum(amount) AS DECIMAL(20,2)) FROM revenue_lines "
                            + "GROUP BY product_id, name, category) WHERE sales_rank <= 10"));

    private static final String REVENUE_LINES = """
            SELECT o.order_id, o.order_date, c.customer_id, c.email, c.country, p.product_id, p.name, p.category, i.quantity,
                   i.quantity * i.unit_price AS amount
            FROM silver.orders o
            JOIN silver.order_items i ON i.order_id = o.order_id
            JOIN silver.customers c ON c.customer_id = o.customer_id
            JOIN silver.products p ON p.product_id = i.product_id
            WHERE o.status IN %s
            """.formatted(sqlList(ShopRules.REVENUE_STATUSES));

    private final PipelineContext context;
    private final MedallionTables tables;

    GoldLayer(PipelineContext context, MedallionTables tables) {
        this.context = context;
        this.tables = tables;
    }

    /** The gold tables' names. */
    static List<String> tableNames() {
        return TABLES.stream().map(GoldTable::name).toList();
    }

    List<AuditCheck> run(SparkSession spark) {
        for (SourceTable table : SourceTable.values()) {
            if (!tables.exists(spark, SilverLayer.table(table))) {
                throw new IllegalStateException(SilverLayer.table(table) + " does not exist yet: run the silver layer first");
            }
        }
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + NAMESPACE);
        // a SQL view, not a DataFrame's: see SilverLayer
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW revenue_lines AS " + REVENUE_LINES);
        for (GoldTable table : TABLES) {
            spark.sql("CREATE TABLE IF NOT EXISTS " + table.name() + " (" + table.schema() + ") " + tables.using(table.name()));
            spark.sql("INSERT OVERWRITE " + table.name() + " " + table.query());
            long rows = spark.sql("SELECT count(*) FROM " + table.name()).first().getLong(0);
            context.report(String.format(Locale.ROOT, "  gold    %-28s %,7d rows", table.name().substring(NAMESPACE.length() + 1), rows));
        }
        String silverRevenue = "(SELECT coalesce(sum(amount), 0) FROM revenue_lines)";
        return List.of(
                AuditCheck.ofQuery("gold.revenue_by_country_month.reconciles", "the months' revenue adds up to silver's revenue",
                        "SELECT CASE WHEN (SELECT coalesce(sum(revenue), 0) FROM gold.revenue_by_country_month) = " + silverRevenue
                                + " THEN 0 ELSE 1 END"),
                AuditCheck.ofQuery("gold.customer_lifetime_value.reconciles", "the customers' lifetime values add up to silver's revenue",
                        "SELECT CASE WHEN (SELECT coalesce(sum(lifetime_value), 0) FROM gold.customer_lifetime_value) = " + silverRevenue
                                + " THEN 0 ELSE 1 END"),
                AuditCheck.ofQuery("gold.revenue_by_country_month.revenue_positive", "every month's revenue is above 0",
                        "SELECT count(*) FROM gold.revenue_by_country_month WHERE revenue <= 0"));
    }
}
