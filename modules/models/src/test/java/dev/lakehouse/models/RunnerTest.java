package dev.lakehouse.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.junit.TestLakehouse;
import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner on the lakehouse's Trino: the order nodes run in, the statements sent (target/run holds each node's),
 * the lines printed, the artifacts written, and what a failing test, a warning, a cancellation, vars, hooks and
 * compile do to the tables really there. Each test builds the shop project into schemas of its own.
 */
@LakehouseTest(services = {"spark", "trino"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerTest {
    private Path dir;
    private final List<String> output = new ArrayList<>();
    private Models models;
    private Trino trino;
    private String namespace;
    private String app;

    @BeforeAll
    void sourceTable(Lakehouse lakehouse, TestLakehouse test) throws SQLException {
        models = new Models(lakehouse);
        namespace = test.namespace();
        app = namespace + "_app";
        trino = new Trino(lakehouse.trinoJdbcUrl(), "iceberg");
        trino.execute("CREATE SCHEMA IF NOT EXISTS " + app,
                "CREATE TABLE " + app + ".order_events (event_id bigint, order_id bigint, status varchar, changed_at timestamp(6))",
                "INSERT INTO " + app + ".order_events VALUES (1, 1, 'placed', TIMESTAMP '2018-01-01 10:00:00'),"
                        + " (2, 1, 'shipped', TIMESTAMP '2018-01-02 10:00:00'), (3, 2, 'placed', TIMESTAMP '2018-01-02 11:00:00')");
    }

    /** A folder and output of each test's own (the class's instance is shared by its tests). */
    @BeforeEach
    void folder(@TempDir Path folder) {
        dir = folder;
        output.clear();
    }

    @AfterAll
    void close() throws SQLException {
        trino.close();
    }

    /** The shop project with some files replaced, written into this test's folder. */
    private void writeShop(Map<String, String> changes) {
        Map<String, String> files = new LinkedHashMap<>(TestProjects.shop(app));
        files.putAll(changes);
        TestProjects.write(dir, files);
    }

    private ModelsResult run(String schema, ModelsOptions options) {
        return run(schema, options, new Cancellation());
    }

    private ModelsResult run(String schema, ModelsOptions options, Cancellation cancellation) {
        return models.run(dir, options.withSchema(schema), output::add, cancellation);
    }

    /** The statements the run sent for a node, as target/run records them. */
    private String sent(String file) throws Exception {
        return Files.readString(dir.resolve("target/run/jaffle").resolve(file));
    }

    /** The schema's relations in Trino, "name TYPE", sorted. */
    private List<String> relations(String schema) throws SQLException {
        return trino.rows("SELECT table_name || ' ' || table_type FROM information_schema.tables WHERE table_schema = '"
                + schema + "' ORDER BY 1");
    }

    private String log() {
        return String.join("\n", output);
    }

    @Test
    void buildsTheShopInGraphOrder() throws Exception {
        String schema = namespace + "_graph";
        writeShop(Map.of());
        ModelsResult result = run(schema, ModelsOptions.of(ModelsOptions.Command.BUILD));
        assertThat(result.success()).as(log()).isTrue();
        // 3 seeds, 5 models (the ephemeral one is not run), 14 tests
        assertThat(result.results()).hasSize(22);
        List<String> order = result.results().stream().map(NodeResult::name).toList();
        assertThat(order.indexOf("raw_orders")).isLessThan(order.indexOf("stg_orders"));
        assertThat(order.indexOf("stg_orders")).isLessThan(order.indexOf("orders"));
        assertThat(order.indexOf("orders")).isLessThan(order.indexOf("customers"));
        assertThat(order).doesNotContain("stg_payments");

        assertThat(sent("models/marts/orders.sql")).startsWith("CREATE OR REPLACE TABLE " + schema + "_marts.orders AS")
                .contains("with __dbt__cte__stg_payments as (")
                .contains("round(cast(amount as double) / 100, 2) as amount")
                .contains("sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount,")
                .contains("from " + schema + ".stg_orders")
                .contains("from __dbt__cte__stg_payments");
        assertThat(sent("models/staging/stg_orders.sql")).startsWith("CREATE OR REPLACE VIEW " + schema + ".stg_orders AS");
        assertThat(sent("seeds/raw_payments.csv")).startsWith("CREATE OR REPLACE TABLE " + schema + ".raw_payments AS")
                .contains("CAST(c3 AS bigint) AS amount").contains("CAST(c0 AS INTEGER) AS id");
        // the incremental model's first run builds the table, without its incremental filter
        assertThat(sent("models/marts/order_status_history.sql")).startsWith("CREATE OR REPLACE TABLE " + schema + "_marts.order_status_history")
                .doesNotContain("max(changed_at)");
        // what was built is what the project says: views, tables, and no relation for the ephemeral model
        assertThat(relations(schema)).containsExactly("raw_customers BASE TABLE", "raw_orders BASE TABLE", "raw_payments BASE TABLE",
                "stg_customers VIEW", "stg_orders VIEW");
        assertThat(relations(schema + "_marts")).containsExactly("customers BASE TABLE", "order_status_history BASE TABLE", "orders BASE TABLE");
        assertThat(trino.count("SELECT count(*) FROM " + schema + "_marts.order_status_history")).isEqualTo(3);

        String relation = Pattern.quote(schema);
        assertThat(output).anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  1 of 22 START seed file " + relation + "\\.raw_customers \\.+ \\[RUN\\]"));
        assertThat(output).anyMatch(line -> line.matches(".*OK created sql table model " + relation
                + "_marts\\.orders \\.+ \\[CREATE TABLE \\(8 rows\\) in \\d+\\.\\d\\ds\\]"));
        assertThat(output).anyMatch(line -> line.matches(".*PASS not_null_stg_orders_order_id \\.+ \\[PASS in \\d+\\.\\d\\ds\\]"));
        assertThat(output.getLast()).endsWith("Done. PASS=22 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=22");

        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("target/manifest.json").toFile());
        assertThat(manifest.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/manifest/v12.json");
        assertThat(manifest.at("/nodes/model.jaffle.orders/depends_on/nodes").toString()).contains("model.jaffle.stg_payments");
        assertThat(manifest.at("/child_map/model.jaffle.orders").toString()).contains("model.jaffle.customers");
        assertThat(manifest.at("/sources/source.jaffle.app.order_events/relation_name").asText()).isEqualTo("iceberg." + app + ".order_events");
        JsonNode results = new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile());
        assertThat(results.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/run-results/v6.json");
        assertThat(results.at("/results").size()).isEqualTo(22);
        assertThat(Files.readString(dir.resolve("target/compiled/jaffle/models/marts/orders.sql"))).contains("__dbt__cte__stg_payments");
    }

    @Test
    void aFailingTestSkipsWhatIsBuiltOnItsModel() throws Exception {
        String schema = namespace + "_failing";
        // orders 7 and 8 twice: stg_orders' unique test finds two duplicated keys
        writeShop(Map.of("seeds/raw_orders.csv", TestProjects.shop(app).get("seeds/raw_orders.csv")
                + "7,1,2018-01-12,placed\n8,2,2018-01-12,placed\n"));
        ModelsResult result = run(schema, ModelsOptions.of(ModelsOptions.Command.BUILD));
        assertThat(result.success()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.results()).as(log()).anyMatch(r -> r.name().equals("unique_stg_orders_order_id") && r.status().equals("fail")
                && r.failures() == 2 && r.message().equals("Got 2 results, configured to fail if != 0"));
        assertThat(result.results()).anyMatch(r -> r.name().equals("orders") && r.status().equals("skipped"));
        assertThat(result.results()).anyMatch(r -> r.name().equals("customers") && r.status().equals("skipped"));
        // skipped means not built: the marts schema has only the model that does not read stg_orders
        assertThat(relations(schema + "_marts")).containsExactly("order_status_history BASE TABLE");
        assertThat(output).anyMatch(line -> line.contains("Failure in test unique_stg_orders_order_id (models/staging/schema.yml)"));
        assertThat(output.getLast()).contains("ERROR=1").contains("SKIP=");
    }

    @Test
    void aWarningDoesNotFail() throws Exception {
        String schema = namespace + "_warning";
        // order 9 is completed but has no payment: its amount is null, which the warn-severity test reports
        writeShop(Map.of("seeds/raw_orders.csv", TestProjects.shop(app).get("seeds/raw_orders.csv") + "9,2,2018-01-12,completed\n"));
        ModelsResult result = run(schema, ModelsOptions.of(ModelsOptions.Command.BUILD));
        assertThat(result.success()).as(log()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.results()).anyMatch(r -> r.name().equals("not_null_orders_amount") && r.status().equals("warn") && r.failures() == 1);
        assertThat(trino.rows("SELECT order_id FROM " + schema + "_marts.orders WHERE amount IS NULL")).containsExactly("9");
        assertThat(sent("models/marts/marts.yml/not_null_orders_amount.sql"))
                .contains("(select * from " + schema + "_marts.orders where status <> 'placed') dbt_subquery");
        assertThat(output).anyMatch(line -> line.matches(".*WARN 1 not_null_orders_amount \\.+ \\[WARN 1 in \\d+\\.\\d\\ds\\]"));
        assertThat(output.getLast()).endsWith("Done. PASS=21 WARN=1 ERROR=0 SKIP=0 NO-OP=0 TOTAL=22");
    }

    @Test
    void cancellingStopsAfterTheRunningStatement() throws Exception {
        String schema = namespace + "_cancelled";
        writeShop(Map.of());
        Cancellation cancellation = new Cancellation();
        ModelsResult result = models.run(dir, ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(schema), line -> {
            output.add(line);
            if (line.contains(" START test ")) {
                cancellation.cancel();
            }
        }, cancellation);
        assertThat(result.cancelled()).as(log()).isTrue();
        assertThat(result.success()).isFalse();
        assertThat(result.exitCode()).isEqualTo(130);
        // three seeds, then the first test, which was running when it was cancelled: nothing after it ran
        assertThat(result.results()).hasSize(4);
        assertThat(result.results().getLast().resourceType()).isEqualTo("test");
        assertThat(relations(schema)).containsExactly("raw_customers BASE TABLE", "raw_orders BASE TABLE", "raw_payments BASE TABLE");
        assertThat(relations(schema + "_marts")).isEmpty();
        assertThat(output).anyMatch(line -> line.endsWith("Exited because of keyboard interrupt"));
    }

    @Test
    void varsFromTheCommandLineWinAndHooksRun() throws Exception {
        String schema = namespace + "_hooks";
        String audit = schema + "_audit.built";
        trino.execute("CREATE SCHEMA " + schema + "_audit", "CREATE TABLE " + audit + " (relation varchar, row_count bigint)");
        writeShop(Map.of("dbt_project.yml", TestProjects.shop(app).get("dbt_project.yml").replace("      +schema: marts",
                "      +schema: marts\n      +post-hook: \"insert into " + audit + " select '{{ this }}', count(*) from {{ this }}\"")));
        assertThat(run(schema, ModelsOptions.of(ModelsOptions.Command.SEED)).success()).as(log()).isTrue();
        ModelsResult result = run(schema, ModelsOptions.of(ModelsOptions.Command.RUN).withSelect("+orders")
                .withVars(Map.of("payment_methods", List.of("cash"))));
        assertThat(result.success()).as(log()).isTrue();
        assertThat(result.results()).extracting(NodeResult::name).containsExactly("stg_orders", "orders");
        String orders = sent("models/marts/orders.sql");
        assertThat(orders).contains("cash_amount").doesNotContain("coupon_amount");
        assertThat(trino.rows("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
                + "_marts' AND table_name = 'orders' AND column_name LIKE '%amount' ORDER BY 1")).containsExactly("amount", "cash_amount");
        // the hook ran once, after the table was filled, for the only marts model selected
        assertThat(orders).endsWith(";\n\ninsert into " + audit + " select '" + schema + "_marts.orders', count(*) from " + schema + "_marts.orders;\n");
        assertThat(trino.rows("SELECT relation, row_count FROM " + audit)).containsExactly(schema + "_marts.orders | 8");
    }

    @Test
    void compileWritesSqlAndRunsNothing() throws Exception {
        String schema = namespace + "_compiled";
        writeShop(Map.of());
        ModelsResult result = run(schema, ModelsOptions.of(ModelsOptions.Command.COMPILE));
        assertThat(result.success()).as(log()).isTrue();
        assertThat(result.results()).hasSize(20).allMatch(r -> r.status().equals("success"));
        assertThat(Files.readString(dir.resolve("target/compiled/jaffle/models/staging/schema.yml/not_null_stg_orders_order_id.sql")))
                .isEqualTo("select order_id\nfrom " + schema + ".stg_orders\nwhere order_id is null\n");
        // nothing was sent to build anything: no statements recorded, no schema made
        assertThat(dir.resolve("target/run")).doesNotExist();
        assertThat(trino.rows("SELECT schema_name FROM information_schema.schemata WHERE starts_with(schema_name, '" + schema + "')")).isEmpty();
    }
}
