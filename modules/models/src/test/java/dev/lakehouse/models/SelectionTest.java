package dev.lakehouse.models;

import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.Target;
import dev.lakehouse.models.run.Runner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --select and --exclude pick what dbt would pick (dbt ls's output for the shop project). */
class SelectionTest {
    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void load() {
        TestProjects.write(dir, TestProjects.shop("app"));
        project = ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", null), Map.of());
    }

    private List<String> ls(List<String> select, List<String> exclude) {
        ModelsOptions options = new ModelsOptions(ModelsOptions.Command.LS, select, exclude, null, null, null, false, false, null, null, null);
        return new Runner(project, null, options, line -> { }, new Cancellation()).list();
    }

    private List<String> ls(String... select) {
        return ls(List.of(select), List.of());
    }

    private List<String> planned(ModelsOptions.Command command, String... select) {
        ModelsOptions options = ModelsOptions.of(command).withSelect(select);
        Runner runner = new Runner(project, null, options, line -> { }, new Cancellation());
        return runner.plan(dev.lakehouse.models.graph.Dag.of(project)).stream().map(id -> project.node(id).name()).toList();
    }

    @Test
    void aNameSelectsTheModelAndItsTests() {
        assertThat(ls("orders")).containsExactly(
                "jaffle.assert_total_payment_amount_is_positive",
                "jaffle.marts.not_null_orders_amount",
                "jaffle.marts.not_null_orders_order_id",
                "jaffle.marts.orders",
                "jaffle.marts.unique_orders_order_id");
    }

    @Test
    void plusInFrontAddsAncestorsBehindAddsDescendants() {
        assertThat(ls("+orders")).filteredOn(line -> !line.contains("_test") && !line.contains("not_null") && !line.contains("unique")
                        && !line.contains("accepted") && !line.contains("relationships") && !line.contains("assert"))
                .containsExactly("jaffle.marts.orders", "jaffle.raw_orders", "jaffle.raw_payments", "jaffle.staging.stg_orders",
                        "jaffle.staging.stg_payments");
        assertThat(ls("stg_customers+")).contains("jaffle.staging.stg_customers", "jaffle.marts.customers")
                .doesNotContain("jaffle.marts.orders");
        assertThat(ls("1+customers")).contains("jaffle.marts.customers", "jaffle.marts.orders", "jaffle.staging.stg_customers")
                .doesNotContain("jaffle.staging.stg_orders");
        assertThat(ls("@stg_customers")).contains("jaffle.marts.customers", "jaffle.marts.orders", "jaffle.staging.stg_orders");
    }

    @Test
    void methods() {
        assertThat(ls("path:models/staging")).contains("jaffle.staging.stg_orders", "jaffle.staging.stg_customers", "jaffle.staging.stg_payments",
                "source:jaffle.app.order_events").doesNotContain("jaffle.marts.orders");
        assertThat(ls("models/marts/orders.sql")).contains("jaffle.marts.orders").doesNotContain("jaffle.marts.customers");
        assertThat(ls("tag:staging")).contains("jaffle.staging.stg_orders").doesNotContain("jaffle.marts.orders");
        assertThat(ls("resource_type:seed")).containsExactly("jaffle.raw_customers", "jaffle.raw_orders", "jaffle.raw_payments");
        assertThat(ls("staging")).contains("jaffle.staging.stg_orders").doesNotContain("jaffle.marts.orders", "jaffle.raw_orders");
        assertThat(ls("jaffle.marts.*")).contains("jaffle.marts.orders", "jaffle.marts.customers").doesNotContain("jaffle.staging.stg_orders");
        assertThat(ls("config.materialized:incremental")).contains("jaffle.marts.order_status_history").doesNotContain("jaffle.marts.orders");
        assertThat(ls("source:app")).contains("source:jaffle.app.order_events", "jaffle.staging.source_unique_app_order_events_event_id");
        assertThat(ls("test_type:singular")).containsExactly("jaffle.assert_total_payment_amount_is_positive");
        assertThat(ls("test_name:relationships")).containsExactly("jaffle.staging.relationships_stg_orders_customer_id__customer_id__ref_stg_customers_");
        assertThat(ls("stg_*")).contains("jaffle.staging.stg_orders", "jaffle.staging.stg_customers");
    }

    @Test
    void unionsIntersectionsAndExclusions() {
        // as in dbt, each part of an intersection brings the tests of what it selects
        assertThat(ls("tag:staging,resource_type:model")).contains("jaffle.staging.stg_customers", "jaffle.staging.stg_orders",
                "jaffle.staging.stg_payments", "jaffle.staging.unique_stg_orders_order_id").doesNotContain("jaffle.marts.orders");
        assertThat(ls("tag:staging,resource_type:test")).contains("jaffle.staging.unique_stg_orders_order_id")
                .doesNotContain("jaffle.staging.stg_orders", "jaffle.marts.unique_orders_order_id");
        assertThat(ls("customers raw_orders")).contains("jaffle.marts.customers", "jaffle.raw_orders").doesNotContain("jaffle.marts.orders");
        assertThat(ls(List.of("path:models/marts"), List.of("orders"))).contains("jaffle.marts.customers")
                .doesNotContain("jaffle.marts.orders", "jaffle.marts.unique_orders_order_id");
        assertThat(ls(List.of(), List.of("resource_type:test", "resource_type:source"))).containsExactly(
                "jaffle.marts.customers", "jaffle.marts.order_status_history", "jaffle.marts.orders", "jaffle.raw_customers",
                "jaffle.raw_orders", "jaffle.raw_payments", "jaffle.staging.stg_customers", "jaffle.staging.stg_orders",
                "jaffle.staging.stg_payments");
    }

    @Test
    void commandsRunTheirKindOfNode() {
        assertThat(planned(ModelsOptions.Command.RUN, "+orders")).containsExactly("stg_orders", "orders");
        assertThat(planned(ModelsOptions.Command.SEED)).containsExactly("raw_customers", "raw_orders", "raw_payments");
        assertThat(planned(ModelsOptions.Command.TEST, "customers")).containsExactly("unique_customers_customer_id", "not_null_customers_customer_id");
        assertThat(planned(ModelsOptions.Command.BUILD, "+customers")).startsWith("raw_customers", "raw_orders", "raw_payments")
                .contains("stg_customers", "customers").doesNotContain("stg_payments", "order_status_history");
    }

    @Test
    void badSelectorsAreRefused() {
        assertThatThrownBy(() -> ls("resource_type:widget")).hasMessageContaining("resource_type:widget is not a resource type");
        assertThatThrownBy(() -> ls("nope:x")).hasMessageContaining("unknown selector method 'nope:'");
        assertThatThrownBy(() -> ls("@+orders")).hasMessageContaining("@ cannot be combined with +");
    }
}
