package dev.lakehouse.models;

import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.Target;
import dev.lakehouse.models.run.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A mistake in the project is one error naming its file and line, found while the project is read: before any
 * statement is sent (the engine here would record one).
 */
class BadInputTest {
    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();

    /** The shop project with some files replaced. */
    private String loadError(Map<String, String> changes) {
        Map<String, String> files = new LinkedHashMap<>(TestProjects.shop("app"));
        files.putAll(changes);
        TestProjects.write(dir, files);
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> {
            var project = ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", null), Map.of());
            new Runner(project, engine, ModelsOptions.of(ModelsOptions.Command.BUILD), line -> { }, new Cancellation()).run();
        });
        assertThat(error).isInstanceOf(ModelsException.class);
        assertThat(engine.statements).as("nothing may run").isEmpty();
        return error.getMessage();
    }

    @Test
    void aRefToAMissingModel() {
        String message = loadError(Map.of("models/marts/customers.sql", """
                select *
                from {{ ref('stg_customer') }}
                """));
        assertThat(message).isEqualTo("models/marts/customers.sql:2: ref('stg_customer') names no model or seed of this project"
                + " (did you mean 'stg_customers'?)");
    }

    @Test
    void aCycleBetweenModels() {
        String message = loadError(Map.of("models/staging/stg_customers.sql", """
                -- reads a mart that reads this model
                select * from {{ ref('customers') }}
                """));
        assertThat(message).matches("models/(staging/stg_customers|marts/customers)\\.sql:2: models depend on each other in a circle: "
                + "(stg_customers -> customers -> stg_customers|customers -> stg_customers -> customers) .*");
    }

    @Test
    void aJinjaSyntaxError() {
        String message = loadError(Map.of("models/marts/orders.sql", """
                select order_id,
                {% for m in var('payment_methods') %}
                    {{ m }}_amount,
                select 1
                """));
        assertThat(message).startsWith("models/marts/orders.sql:2: Jinja error: ").contains("endfor");
    }

    @Test
    void anUnclosedExpression() {
        String message = loadError(Map.of("models/staging/stg_orders.sql", """
                select
                    id as order_id
                from {{ ref('raw_orders' }}
                """));
        assertThat(message).startsWith("models/staging/stg_orders.sql:3: Jinja error: ");
    }

    @Test
    void aSeedWithARaggedRow() {
        String message = loadError(Map.of("seeds/raw_orders.csv", """
                id,user_id,order_date,status
                1,1,2018-01-01,returned
                2,3,2018-01-02
                """));
        assertThat(message).isEqualTo("seeds/raw_orders.csv:3: this row has 3 values but the header has 4 columns"
                + " (a missing or extra comma? a value with a comma needs \"quotes\")");
    }

    @Test
    void anUnknownMaterialization() {
        String message = loadError(Map.of("models/marts/customers.sql", """
                {{ config(materialized='materialized_view') }}
                select * from {{ ref('stg_customers') }}
                """));
        assertThat(message).isEqualTo("models/marts/customers.sql:1: unknown materialization 'materialized_view' for model customers:"
                + " use view, table, incremental or ephemeral");
    }

    @Test
    void anUnknownMaterializationInTheProjectFile() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dbt_project.yml", TestProjects.shop("app").get("dbt_project.yml").replace("+materialized: view", "+materialized: snapshot"));
        String message = loadError(files);
        assertThat(message).startsWith("dbt_project.yml:").contains("unknown materialization 'snapshot' for model stg_");
    }

    @Test
    void badYaml() {
        String message = loadError(Map.of("models/staging/schema.yml", """
                version: 2
                models:
                  - name: stg_orders
                    columns:
                      - name: order_id
                     tests: [unique]
                """));
        assertThat(message).startsWith("models/staging/schema.yml:6: not valid YAML: ");
    }

    @Test
    void anUnknownTestAndASourceNotDeclared() {
        assertThat(loadError(Map.of("models/marts/marts.yml", """
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: order_id
                        data_tests: [uniq]
                """))).isEqualTo("models/marts/marts.yml:6: unknown test 'uniq': dbt's are unique, not_null, accepted_values and"
                + " relationships; a project's own is a {% test uniq(model, column_name) %} block");
        assertThat(loadError(Map.of("models/marts/order_status_history.sql", """
                select *
                from {{ source('app', 'events') }}
                """))).isEqualTo("models/marts/order_status_history.sql:2: source('app', 'events') is not declared:"
                + " add it under sources: in a properties file (e.g. models/sources.yml)");
    }

    @Test
    void aMissingProjectFile() {
        assertThatThrownBy(() -> ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", null), Map.of()))
                .hasMessageStartingWith("no dbt_project.yml in " + dir);
    }

    @Test
    void aRequiredVarMissingAtRunTime() {
        Map<String, String> files = new LinkedHashMap<>(TestProjects.shop("app"));
        files.put("models/marts/customers.sql", "select * from {{ ref('stg_customers') }} where customer_id > {{ var('min_id') }}\n");
        TestProjects.write(dir, files);
        var project = ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", null), Map.of());
        var outcome = new Runner(project, engine, ModelsOptions.of(ModelsOptions.Command.RUN).withSelect("customers"), line -> { },
                new Cancellation()).run();
        assertThat(outcome.results()).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo("error");
            assertThat(result.message()).isEqualTo("Compilation Error: models/marts/customers.sql:1: var('min_id') is not set: give it"
                    + " in dbt_project.yml's vars:, with --vars '{min_id: ...}', or give var() a default");
        });
        assertThat(engine.statements).noneMatch(sql -> sql.contains("customers AS"));
    }
}
