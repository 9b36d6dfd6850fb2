package dev.lakehouse.models;

import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.junit.TestLakehouse;
import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mistake in the project is one error naming its file and line, found while the project is read: the run is
 * refused (exit code 2) and the lakehouse's Trino shows that nothing was built, not even a schema.
 */
@LakehouseTest(services = {"spark", "trino"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private Models models;
    private Trino trino;
    private Path dir;
    private String schema;

    @BeforeAll
    void lakehouse(Lakehouse lakehouse) throws SQLException {
        models = new Models(lakehouse);
        trino = new Trino(lakehouse.trinoJdbcUrl(), "iceberg");
    }

    /** A folder and schema of each test's own (the class's instance is shared by its tests). */
    @BeforeEach
    void folderAndSchema(@TempDir Path folder, TestLakehouse test, TestInfo info) {
        dir = folder;
        schema = test.namespace() + "_" + info.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
    }

    @AfterAll
    void close() throws SQLException {
        trino.close();
    }

    /** Builds the shop project with some files replaced; it must be refused with nothing built. */
    private String loadError(Map<String, String> changes) throws SQLException {
        Map<String, String> files = new LinkedHashMap<>(TestProjects.shop("app"));
        files.putAll(changes);
        TestProjects.write(dir, files);
        return refused();
    }

    /** The one line of a refused build, after checking that it left no schema behind. */
    private String refused() throws SQLException {
        List<String> output = new ArrayList<>();
        ModelsResult result = models.run(dir, ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(schema), output::add);
        assertThat(result.exitCode()).as(String.join("\n", output)).isEqualTo(2);
        assertThat(result.results()).isEmpty();
        assertThat(output.getLast()).endsWith("  " + result.message());
        assertThat(schemas()).as("nothing may be built").isEmpty();
        return result.message();
    }

    /** This test's schemas (the models' and the marts') in Trino. */
    private List<String> schemas() throws SQLException {
        return trino.rows("SELECT schema_name FROM information_schema.schemata WHERE starts_with(schema_name, '" + schema + "')");
    }

    @Test
    void aRefToAMissingModel() throws SQLException {
        String message = loadError(Map.of("models/marts/customers.sql", """
                select *
                from {{ ref('stg_customer') }}
                """));
        assertThat(message).isEqualTo("models/marts/customers.sql:2: ref('stg_customer') names no model or seed of this project"
                + " (did you mean 'stg_customers'?)");
    }

    @Test
    void aCycleBetweenModels() throws SQLException {
        String message = loadError(Map.of("models/staging/stg_customers.sql", """
                -- reads a mart that reads this model
                select * from {{ ref('customers') }}
                """));
        assertThat(message).matches("models/(staging/stg_customers|marts/customers)\\.sql:2: models depend on each other in a circle: "
                + "(stg_customers -> customers -> stg_customers|customers -> stg_customers -> customers) .*");
    }

    @Test
    void aJinjaSyntaxError() throws SQLException {
        String message = loadError(Map.of("models/marts/orders.sql", """
                select order_id,
                {% for m in var('payment_methods') %}
                    {{ m }}_amount,
                select 1
                """));
        assertThat(message).startsWith("models/marts/orders.sql:2: Jinja error: ").contains("endfor");
    }

    @Test
    void anUnclosedExpression() throws SQLException {
        String message = loadError(Map.of("models/staging/stg_orders.sql", """
                select
                    id as order_id
                from {{ ref('raw_orders' }}
                """));
        assertThat(message).startsWith("models/staging/stg_orders.sql:3: Jinja error: ");
    }

    @Test
    void aSeedWithARaggedRow() throws SQLException {
        String message = loadError(Map.of("seeds/raw_orders.csv", """
                id,user_id,order_date,status
                1,1,2018-01-01,returned
                2,3,2018-01-02
                """));
        assertThat(message).isEqualTo("seeds/raw_orders.csv:3: this row has 3 values but the header has 4 columns"
                + " (a missing or extra comma? a value with a comma needs \"quotes\")");
    }

    @Test
    void anUnknownMaterialization() throws SQLException {
        String message = loadError(Map.of("models/marts/customers.sql", """
                {{ config(materialized='materialized_view') }}
                select * from {{ ref('stg_customers') }}
                """));
        assertThat(message).isEqualTo("models/marts/customers.sql:1: unknown materialization 'materialized_view' for model customers:"
                + " use view, table, incremental or ephemeral");
    }

    @Test
    void anUnknownMaterializationInTheProjectFile() throws SQLException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dbt_project.yml", TestProjects.shop("app").get("dbt_project.yml").replace("+materialized: view", "+materialized: snapshot"));
        String message = loadError(files);
        assertThat(message).startsWith("dbt_project.yml:").contains("unknown materialization 'snapshot' for model stg_");
    }

    @Test
    void badYaml() throws SQLException {
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
    void anUnknownTestAndASourceNotDeclared() throws SQLException {
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
    void aMissingProjectFile() throws SQLException {
        assertThat(refused()).startsWith("no dbt_project.yml in " + dir);
    }

    @Test
    void aRequiredVarMissingAtRunTime() throws SQLException {
        Map<String, String> files = new LinkedHashMap<>(TestProjects.shop("app"));
        files.put("models/marts/customers.sql", "select * from {{ ref('stg_customers') }} where customer_id > {{ var('min_id') }}\n");
        TestProjects.write(dir, files);
        // the project reads well: the var is only needed when the model is compiled, which fails before its statement
        ModelsResult result = models.run(dir, ModelsOptions.of(ModelsOptions.Command.RUN).withSchema(schema).withSelect("customers"), line -> { });
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.results()).singleElement().satisfies(customers -> {
            assertThat(customers.status()).isEqualTo("error");
            assertThat(customers.message()).isEqualTo("Compilation Error: models/marts/customers.sql:1: var('min_id') is not set: give it"
                    + " in dbt_project.yml's vars:, with --vars '{min_id: ...}', or give var() a default");
        });
        assertThat(schemas()).as("nothing may be built").isEmpty();
    }
}
