package dev.lakehouse.models;

import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeType;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a project as dbt parses it, without an engine. */
class ProjectLoaderTest {
    @TempDir
    Path dir;

    private Project load(Map<String, String> files, String schema) {
        TestProjects.write(dir, files);
        return ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", schema), Map.of());
    }

    @Test
    void readsTheShopProject() {
        Project project = load(TestProjects.shop("app"), null);
        assertThat(project.name()).isEqualTo("jaffle");
        assertThat(project.nodes().values().stream().filter(n -> n.type() == NodeType.MODEL).map(Node::name))
                .containsExactlyInAnyOrder("stg_customers", "stg_orders", "stg_payments", "orders", "customers", "order_status_history");
        assertThat(project.nodes().values().stream().filter(n -> n.type() == NodeType.SEED).map(Node::name))
                .containsExactlyInAnyOrder("raw_customers", "raw_orders", "raw_payments");
        assertThat(project.nodes().values().stream().filter(n -> n.type() == NodeType.TEST)).hasSize(14);

        Node orders = project.node("model.jaffle.orders");
        assertThat(orders.materialized()).isEqualTo("table");
        assertThat(orders.schema()).isEqualTo("jaffle_marts");
        assertThat(orders.alias()).isEqualTo("orders");
        assertThat(orders.database()).isEqualTo("iceberg");
        assertThat(orders.dependsOn()).containsExactlyInAnyOrder("model.jaffle.stg_orders", "model.jaffle.stg_payments");
        assertThat(orders.fqn()).containsExactly("jaffle", "marts", "orders");

        Node staging = project.node("model.jaffle.stg_orders");
        assertThat(staging.materialized()).isEqualTo("view");
        assertThat(staging.schema()).isEqualTo("jaffle");
        assertThat(staging.config().tags()).containsExactly("staging");
        assertThat(project.node("model.jaffle.stg_payments").materialized()).isEqualTo("ephemeral");

        Node history = project.node("model.jaffle.order_status_history");
        assertThat(history.materialized()).isEqualTo("incremental");
        assertThat(history.config().uniqueKey()).containsExactly("event_id");
        assertThat(history.config().tags()).containsExactly("events");
        assertThat(history.dependsOn()).containsExactly("source.jaffle.app.order_events");

        assertThat(project.node("seed.jaffle.raw_payments").config().columnTypes()).containsEntry("amount", "bigint");
        assertThat(project.node("model.jaffle.stg_customers").description()).isEqualTo("One row per customer.");
    }

    @Test
    void namesGenericTestsAsDbtDoes() {
        Project project = load(TestProjects.shop("app"), "analytics");
        assertThat(project.nodes().keySet()).anyMatch(id -> id.startsWith("test.jaffle.not_null_stg_orders_order_id."));
        assertThat(project.nodes().keySet()).anyMatch(id -> id.startsWith("test.jaffle.source_unique_app_order_events_event_id."));
        Node relationships = project.nodes().values().stream()
                .filter(n -> n.name().equals("relationships_stg_orders_customer_id__customer_id__ref_stg_customers_")).findFirst().orElseThrow();
        assertThat(relationships.dependsOn()).containsExactlyInAnyOrder("model.jaffle.stg_orders", "model.jaffle.stg_customers");
        assertThat(relationships.attachedNode()).isEqualTo("model.jaffle.stg_orders");
        assertThat(relationships.columnName()).isEqualTo("customer_id");
        // 64 characters or more: the full name stays the name, a short one with a hash is the alias
        Node accepted = project.nodes().values().stream().filter(n -> n.name().startsWith("accepted_values_stg_orders_status")).findFirst().orElseThrow();
        assertThat(accepted.name()).isEqualTo("accepted_values_stg_orders_status__placed__shipped__completed__return_pending__returned");
        assertThat(accepted.alias()).matches("accepted_values_stg_orders_[0-9a-f]{32}");
        Node warn = project.nodes().values().stream().filter(n -> n.name().equals("not_null_orders_amount")).findFirst().orElseThrow();
        assertThat(warn.config().severity()).isEqualTo("WARN");
        assertThat(warn.config().get("where")).isEqualTo("status <> 'placed'");
        assertThat(project.node("model.jaffle.customers").schema()).isEqualTo("analytics_marts");
        assertThat(project.node("test.jaffle.assert_total_payment_amount_is_positive").dependsOn()).containsExactly("model.jaffle.orders");
    }

    @Test
    void aProjectMacroOverridesGenerateSchemaName() {
        Map<String, String> files = new java.util.LinkedHashMap<>(TestProjects.shop("app"));
        files.put("macros/generate_schema_name.sql", """
                {% macro generate_schema_name(custom_schema_name, node) -%}
                    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
                {%- endmacro %}
                """);
        Project project = load(files, "analytics");
        assertThat(project.node("model.jaffle.orders").schema()).isEqualTo("marts");
        assertThat(project.node("model.jaffle.stg_orders").schema()).isEqualTo("analytics");
    }

    @Test
    void disabledModelsAndTheirTestsAreLeftOut() {
        Map<String, String> files = new java.util.LinkedHashMap<>(TestProjects.shop("app"));
        files.put("models/marts/customers.sql", "{{ config(enabled=false) }}\n" + files.get("models/marts/customers.sql"));
        Project project = load(files, null);
        assertThat(project.node("model.jaffle.customers")).isNull();
        assertThat(project.disabled()).containsKey("model.jaffle.customers");
        assertThat(project.nodes().keySet()).noneMatch(id -> id.contains("customers_customer_id") && !id.contains("stg_"));
    }
}
