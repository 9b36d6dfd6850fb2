package dev.lakehouse.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.Target;
import dev.lakehouse.models.run.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner on an engine that only records: what is compiled, sent, printed and written to target/. */
class RunnerTest {
    @TempDir
    Path dir;

    private final List<String> output = new ArrayList<>();
    private final FakeEngine engine = new FakeEngine();

    private Runner.Outcome run(ModelsOptions options) {
        Project project = ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", null), options.vars());
        return new Runner(project, engine, options, output::add, new Cancellation()).run();
    }

    @Test
    void buildsTheShopInGraphOrder() throws Exception {
        TestProjects.write(dir, TestProjects.shop("app"));
        Runner.Outcome outcome = run(ModelsOptions.of(ModelsOptions.Command.BUILD));
        output.forEach(System.out::println);
        assertThat(outcome.success()).isTrue();
        // 3 seeds, 5 models (the ephemeral one is not run), 14 tests
        assertThat(outcome.results()).hasSize(22);
        List<String> order = outcome.results().stream().map(NodeResult::name).toList();
        assertThat(order.indexOf("raw_orders")).isLessThan(order.indexOf("stg_orders"));
        assertThat(order.indexOf("stg_orders")).isLessThan(order.indexOf("orders"));
        assertThat(order.indexOf("orders")).isLessThan(order.indexOf("customers"));
        assertThat(order).doesNotContain("stg_payments");

        String orders = engine.statements.stream().filter(s -> s.startsWith("CREATE OR REPLACE TABLE jaffle_marts.orders AS")).findFirst().orElseThrow();
        assertThat(orders).contains("with __dbt__cte__stg_payments as (")
                .contains("round(cast(amount as double) / 100, 2) as amount")
                .contains("sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount,")
                .contains("from jaffle.stg_orders")
                .contains("from __dbt__cte__stg_payments");
        assertThat(engine.statements).anyMatch(s -> s.startsWith("CREATE OR REPLACE VIEW jaffle.stg_orders AS"));
        assertThat(engine.statements).anyMatch(s -> s.startsWith("CREATE OR REPLACE TABLE jaffle.raw_payments AS")
                && s.contains("CAST(c3 AS bigint) AS amount") && s.contains("CAST(c0 AS INTEGER) AS id"));
        // the incremental model's first run builds the table, without its incremental filter
        String history = engine.statements.stream().filter(s -> s.contains("jaffle_marts.order_status_history")).findFirst().orElseThrow();
        assertThat(history).startsWith("CREATE OR REPLACE TABLE").doesNotContain("max(changed_at)");

        assertThat(output).anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  1 of 22 START seed file jaffle\\.raw_customers \\.+ \\[RUN\\]"));
        assertThat(output).anyMatch(line -> line.matches(".*OK created sql table model jaffle_marts\\.orders \\.+ \\[CREATE TABLE in \\d+\\.\\d\\ds\\]"));
        assertThat(output).anyMatch(line -> line.matches(".*PASS not_null_stg_orders_order_id \\.+ \\[PASS in \\d+\\.\\d\\ds\\]"));
        assertThat(output.getLast()).endsWith("Done. PASS=22 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=22");

        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("target/manifest.json").toFile());
        assertThat(manifest.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/manifest/v12.json");
        assertThat(manifest.at("/nodes/model.jaffle.orders/depends_on/nodes").toString()).contains("model.jaffle.stg_payments");
        assertThat(manifest.at("/child_map/model.jaffle.orders").toString()).contains("model.jaffle.customers");
        assertThat(manifest.at("/sources/source.jaffle.app.order_events/relation_name").asText()).isEqualTo("iceberg.app.order_events");
        JsonNode results = new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile());
        assertThat(results.at("/metadata/dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/run-results/v6.json");
        assertThat(results.at("/results").size()).isEqualTo(22);
        assertThat(Files.readString(dir.resolve("target/compiled/jaffle/models/marts/orders.sql"))).contains("__dbt__cte__stg_payments");
    }

    @Test
    void aFailingTestSkipsWhatIsBuiltOnItsModel() {
        TestProjects.write(dir, TestProjects.shop("app"));
        engine.failures = sql -> sql.contains("unique_field") && sql.contains("jaffle.stg_orders") ? 2L : 0L;
        Runner.Outcome outcome = run(ModelsOptions.of(ModelsOptions.Command.BUILD));
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.results()).anyMatch(r -> r.name().equals("unique_stg_orders_order_id") && r.status().equals("fail")
                && r.failures() == 2 && r.message().equals("Got 2 results, configured to fail if != 0"));
        assertThat(outcome.results()).anyMatch(r -> r.name().equals("orders") && r.status().equals("skipped"));
        assertThat(outcome.results()).anyMatch(r -> r.name().equals("customers") && r.status().equals("skipped"));
        assertThat(output).anyMatch(line -> line.contains("Failure in test unique_stg_orders_order_id (models/staging/schema.yml)"));
        assertThat(output.getLast()).contains("ERROR=1").contains("SKIP=");
    }

    @Test
    void aWarningDoesNotFail() {
        TestProjects.write(dir, TestProjects.shop("app"));
        engine.failures = sql -> sql.contains("amount is null") ? 1L : 0L;
        Runner.Outcome outcome = run(ModelsOptions.of(ModelsOptions.Command.BUILD));
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.results()).anyMatch(r -> r.name().equals("not_null_orders_amount") && r.status().equals("warn"));
        String test = engine.statements.stream().filter(s -> s.contains("amount is null")).findFirst().orElseThrow();
        assertThat(test).contains("(select * from jaffle_marts.orders where status <> 'placed') dbt_subquery");
        assertThat(output).anyMatch(line -> line.contains("WARN 1 not_null_orders_amount") && line.endsWith("[WARN 1 in " + line.replaceAll(".*in ", "")));
    }

    @Test
    void cancellingStopsAfterTheRunningStatement() {
        TestProjects.write(dir, TestProjects.shop("app"));
        Cancellation cancellation = new Cancellation();
        engine.failures = sql -> {
            cancellation.cancel();
            return 0L;
        };
        Project project = ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", null), java.util.Map.of());
        Runner.Outcome outcome = new Runner(project, engine, ModelsOptions.of(ModelsOptions.Command.BUILD), output::add, cancellation).run();
        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.success()).isFalse();
        // three seeds, then the first test, which cancelled: nothing after it ran
        assertThat(outcome.results()).hasSize(4);
        assertThat(output).anyMatch(line -> line.endsWith("Exited because of keyboard interrupt"));
    }

    @Test
    void varsFromTheCommandLineWinAndHooksRun() {
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>(TestProjects.shop("app"));
        files.put("dbt_project.yml", files.get("dbt_project.yml").replace("      +schema: marts",
                "      +schema: marts\n      +post-hook: \"grant select on {{ this }} to role analyst\""));
        TestProjects.write(dir, files);
        Runner.Outcome outcome = run(ModelsOptions.of(ModelsOptions.Command.RUN).withSelect("orders")
                .withVars(java.util.Map.of("payment_methods", List.of("cash"))));
        assertThat(outcome.success()).as(String.join("\n", output) + engine.statements).isTrue();
        String orders = engine.statements.stream().filter(s -> s.startsWith("CREATE OR REPLACE TABLE jaffle_marts.orders")).findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", output) + engine.statements));
        assertThat(orders).contains("cash_amount").doesNotContain("coupon_amount");
        assertThat(engine.statements.getLast()).isEqualTo("grant select on jaffle_marts.orders to role analyst");
    }

    @Test
    void compileWritesSqlAndRunsNothing() throws Exception {
        TestProjects.write(dir, TestProjects.shop("app"));
        Runner.Outcome outcome = run(ModelsOptions.of(ModelsOptions.Command.COMPILE));
        assertThat(outcome.success()).isTrue();
        assertThat(engine.statements).isEmpty();
        assertThat(Files.readString(dir.resolve("target/compiled/jaffle/models/staging/schema.yml/not_null_stg_orders_order_id.sql")))
                .isEqualTo("select order_id\nfrom jaffle.stg_orders\nwhere order_id is null\n");
    }
}
