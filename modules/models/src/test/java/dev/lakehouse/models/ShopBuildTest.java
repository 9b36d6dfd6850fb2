package dev.lakehouse.models;

import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.junit.TestLakehouse;
import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop project on the real engines: built on Trino it equals the same SQL written by hand; built on Spark it
 * gives the same tables; its incremental model adds only new rows; an SQL error names its file and line and leaves
 * the table as it was. One project folder, built step by step.
 */
@LakehouseTest(services = {"spark", "trino"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopBuildTest {
    private Path dir;
    private Models models;
    private Trino trino;
    private String schema;
    private String app;

    @BeforeAll
    void sourceAndProject(Lakehouse lakehouse, TestLakehouse test, @TempDir Path folder) throws Exception {
        dir = folder;
        models = new Models(lakehouse);
        schema = test.namespace();
        app = schema + "_app";
        trino = new Trino(lakehouse.trinoJdbcUrl(), "iceberg");
        trino.execute("CREATE SCHEMA IF NOT EXISTS " + app,
                "CREATE TABLE " + app + ".order_events (event_id bigint, order_id bigint, status varchar, changed_at timestamp(6))",
                "INSERT INTO " + app + ".order_events VALUES (1, 1, 'placed', TIMESTAMP '2018-01-01 10:00:00'),"
                        + " (2, 1, 'shipped', TIMESTAMP '2018-01-02 10:00:00'), (3, 2, 'placed', TIMESTAMP '2018-01-02 11:00:00')");
        TestProjects.write(dir, TestProjects.shop(app));
    }

    private ModelsResult run(ModelsOptions options, List<String> lines) {
        return models.run(dir, options, line -> {
            System.out.println(line);
            lines.add(line);
        });
    }

    private ModelsResult run(ModelsOptions options) {
        return run(options, new ArrayList<>());
    }

    @Test
    @Order(1)
    void buildsOnTrinoAsTheSameSqlByHand() throws Exception {
        List<String> lines = new ArrayList<>();
        ModelsResult result = run(ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(schema), lines);
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.results()).hasSize(22).allMatch(r -> r.status().equals("success") || r.status().equals("pass"));
        assertThat(lines.getLast()).endsWith("Done. PASS=22 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=22");
        assertThat(lines).anyMatch(line -> line.matches(".*OK created sql table model " + schema + "_marts\\.orders \\.+ \\[CREATE TABLE \\(8 rows\\) in .*"));

        String amount = "round(CAST(amount AS double) / 100, 2)";
        String byHand = """
                SELECT o.id, o.user_id, o.order_date, o.status,
                       p.credit_card, p.coupon, p.bank_transfer, p.gift_card, p.total
                FROM %1$s.raw_orders o
                LEFT JOIN (SELECT order_id,
                                  sum(CASE WHEN payment_method = 'credit_card' THEN %2$s ELSE 0 END) AS credit_card,
                                  sum(CASE WHEN payment_method = 'coupon' THEN %2$s ELSE 0 END) AS coupon,
                                  sum(CASE WHEN payment_method = 'bank_transfer' THEN %2$s ELSE 0 END) AS bank_transfer,
                                  sum(CASE WHEN payment_method = 'gift_card' THEN %2$s ELSE 0 END) AS gift_card,
                                  sum(%2$s) AS total
                           FROM %1$s.raw_payments GROUP BY order_id) p ON o.id = p.order_id
                ORDER BY 1""".formatted(schema, amount);
        List<String> orders = trino.rows("SELECT * FROM " + schema + "_marts.orders ORDER BY order_id");
        assertThat(orders).hasSize(8).isEqualTo(trino.rows(byHand));
        assertThat(orders.getFirst()).isEqualTo("1 | 1 | 2018-01-01 | returned | 10.0 | 0.0 | 0.0 | 0.0 | 10.0");

        List<String> customersByHand = trino.rows("""
                SELECT c.id, c.first_name, c.last_name, min(o.order_date), max(o.order_date), count(o.id), sum(p.total)
                FROM %1$s.raw_customers c
                LEFT JOIN %1$s.raw_orders o ON o.user_id = c.id
                LEFT JOIN (SELECT order_id, sum(%2$s) AS total FROM %1$s.raw_payments GROUP BY order_id) p ON p.order_id = o.id
                GROUP BY 1, 2, 3 ORDER BY 1""".formatted(schema, amount));
        assertThat(trino.rows("SELECT * FROM " + schema + "_marts.customers ORDER BY customer_id")).hasSize(5).isEqualTo(customersByHand);

        // views are views, the ephemeral model is nothing at all, seeds have the types dbt gives them
        assertThat(trino.rows("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = '" + schema + "' ORDER BY 1"))
                .containsExactly("raw_customers | BASE TABLE", "raw_orders | BASE TABLE", "raw_payments | BASE TABLE",
                        "stg_customers | VIEW", "stg_orders | VIEW");
        assertThat(trino.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = 'raw_payments' ORDER BY ordinal_position"))
                .containsExactly("id | integer", "order_id | integer", "payment_method | varchar", "amount | bigint");
        assertThat(trino.rows("SELECT data_type FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = 'raw_orders' AND column_name = 'order_date'")).containsExactly("date");
        assertThat(Files.readString(dir.resolve("target/run_results.json"))).contains("\"unique_id\":\"model.jaffle.orders\"");
    }

    @Test
    @Order(2)
    void buildsTheSameTablesOnSpark() throws Exception {
        ModelsResult result = run(ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(schema + "_spark").withEngine(ModelsOptions.Engine.SPARK));
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(result.results()).hasSize(22);
        for (String table : List.of("marts.orders", "marts.customers", ".raw_payments", "marts.order_status_history")) {
            String columns = "SELECT * FROM %s%s ORDER BY 1";
            assertThat(trino.rows(columns.formatted(schema + "_spark" + (table.startsWith(".") ? "" : "_"), table)))
                    .as(table).isEqualTo(trino.rows(columns.formatted(schema + (table.startsWith(".") ? "" : "_"), table)));
        }
    }

    @Test
    @Order(3)
    void anIncrementalModelAddsOnlyTheNewRows() throws Exception {
        String history = schema + "_marts.order_status_history";
        assertThat(trino.count("SELECT count(*) FROM " + history)).isEqualTo(3);
        // two new events, a correction of event 3 (newer), and a straggler older than what the table has
        trino.execute("INSERT INTO " + app + ".order_events VALUES (4, 2, 'shipped', TIMESTAMP '2018-01-03 09:00:00'),"
                + " (5, 3, 'placed', TIMESTAMP '2018-01-03 10:00:00'), (3, 2, 'cancelled', TIMESTAMP '2018-01-03 11:00:00'),"
                + " (6, 3, 'placed', TIMESTAMP '2017-12-31 00:00:00')");
        ModelsResult result = run(ModelsOptions.of(ModelsOptions.Command.RUN).withSchema(schema).withSelect("order_status_history"));
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(trino.rows("SELECT event_id, status FROM " + history + " ORDER BY 1"))
                .containsExactly("1 | placed", "2 | shipped", "3 | cancelled", "4 | shipped", "5 | placed");
        assertThat(Files.readString(dir.resolve("target/run/jaffle/models/marts/order_status_history.sql")))
                .startsWith("MERGE INTO " + history + " AS DBT_INTERNAL_DEST")
                .contains("where changed_at > (select max(changed_at) from " + history + ")");
        // again: nothing new, nothing added
        assertThat(run(ModelsOptions.of(ModelsOptions.Command.RUN).withSchema(schema).withSelect("order_status_history")).success()).isTrue();
        assertThat(trino.count("SELECT count(*) FROM " + history)).isEqualTo(5);
        // --full-refresh rebuilds from everything, the straggler included
        assertThat(run(ModelsOptions.of(ModelsOptions.Command.RUN).withSchema(schema).withSelect("order_status_history").withFullRefresh(true))
                .success()).isTrue();
        assertThat(trino.count("SELECT count(*) FROM " + history)).isEqualTo(7);
    }

    @Test
    @Order(4)
    void anSqlErrorNamesTheFileAndLineAndLeavesTheTableAsItWas() throws Exception {
        List<String> before = trino.rows("SELECT * FROM " + schema + "_marts.customers ORDER BY 1");
        Path model = dir.resolve("models/marts/customers.sql");
        String original = Files.readString(model);
        Files.writeString(model, original.replace("sum(amount) as customer_lifetime_value", "sum(amountt) as customer_lifetime_value"));
        try {
            List<String> lines = new ArrayList<>();
            ModelsResult result = run(ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(schema).withSelect("customers"), lines);
            assertThat(result.exitCode()).isEqualTo(1);
            NodeResult customers = result.results().stream().filter(r -> r.name().equals("customers")).findFirst().orElseThrow();
            assertThat(customers.status()).isEqualTo("error");
            assertThat(customers.message()).startsWith("Database Error: models/marts/customers.sql:15: ")
                    .contains("Column 'amountt' cannot be resolved");
            assertThat(result.results()).filteredOn(r -> r.resourceType().equals("test")).allMatch(r -> r.status().equals("skipped"));
            assertThat(lines).anyMatch(line -> line.endsWith("Database Error in model customers (models/marts/customers.sql)"));
            assertThat(trino.rows("SELECT * FROM " + schema + "_marts.customers ORDER BY 1")).isEqualTo(before);
        } finally {
            Files.writeString(model, original);
        }
    }
}
