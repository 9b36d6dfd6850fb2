package dev.lakehouse.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.Target;
import dev.lakehouse.models.run.Runner;
import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures the issue asks for, measured in one run (not a test: no timed assertion; off unless -Dbench=true):
 * <ol>
 * <li>{@code models build} of the sample project over the medallion's silver (the medallion pipeline run first, on
 * the source database's default 100,000 orders), next to the very statements that build sent, replayed through
 * the Trino JDBC driver on one connection; alternated, medians of 5 after a warm-up;</li>
 * <li>loading (dbt's parse) and compiling a generated project of 500 models (refs, a macro, a Jinja loop each),
 * medians of 5 after a warm-up.</li>
 * </ol>
 * {@code ./mvnw -pl modules/models test -Dtest=ModelsBenchmark -Dbench=true}; the figures go to the output and to
 * target/bench/models.json.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
@LakehouseTest(services = {"spark", "trino", "sourcedb"})
class ModelsBenchmark {
    private static final int ROUNDS = 5;

    @Test
    void buildVersusPlainStatementsAndCompileOf500Models(Lakehouse lakehouse, @TempDir Path dir) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        long medallion = System.nanoTime();
        lakehouse.runPipeline("medallion", false, Map.of());
        figures.put("medallion_seconds", seconds(medallion));

        Path project = dir.resolve("shop");
        Models.writeSample(project);
        Models models = new Models(lakehouse);
        ModelsOptions build = ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema("bench");
        ModelsResult warmUp = models.run(project, build, line -> { });
        assertThat(warmUp.success()).as(warmUp.message()).isTrue();
        replay(lakehouse, statements(project));

        List<Double> modelRuns = new ArrayList<>();
        List<Double> directRuns = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long begin = System.nanoTime();
            ModelsResult result = models.run(project, build, line -> { });
            modelRuns.add(seconds(begin));
            assertThat(result.success()).as(result.message()).isTrue();
            List<String> statements = statements(project);
            begin = System.nanoTime();
            replay(lakehouse, statements);
            directRuns.add(seconds(begin));
            figures.put("statements_per_build", statements.size());
        }
        double modelMedian = median(modelRuns);
        double directMedian = median(directRuns);
        figures.put("build_seconds", modelRuns);
        figures.put("direct_seconds", directRuns);
        figures.put("build_median_seconds", modelMedian);
        figures.put("direct_median_seconds", directMedian);
        figures.put("build_over_direct", modelMedian / directMedian);
        figures.put("silver_orders", count(lakehouse, "SELECT count(*) FROM silver.orders"));

        Path generated = dir.resolve("generated");
        TestProjects.write(generated, generatedProject(500));
        List<Double> loads = new ArrayList<>();
        List<Double> compiles = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            long begin = System.nanoTime();
            Project loaded = ProjectLoader.load(generated, new Target("dev", "trino", "iceberg", null), Map.of());
            double load = seconds(begin);
            begin = System.nanoTime();
            Runner.Outcome outcome = new Runner(loaded, new FakeEngine(), ModelsOptions.of(ModelsOptions.Command.COMPILE), line -> { },
                    new Cancellation()).run();
            double compile = seconds(begin);
            assertThat(outcome.success()).isTrue();
            assertThat(outcome.results()).hasSize(500 + 100);
            if (round > 0) {
                loads.add(load);
                compiles.add(compile);
            }
        }
        figures.put("load_500_models_median_seconds", median(loads));
        figures.put("compile_500_models_median_seconds", median(compiles));
        figures.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java "
                + Runtime.version());

        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures);
        System.out.println("ModelsBenchmark " + json);
        Path out = Path.of("target/bench/models.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.printf(Locale.ROOT, "%nmodels build (sample project, %s silver orders): %.2f s median; the same %s statements by JDBC: %.2f s;"
                        + " ratio %.2f%nload of 500 models: %.3f s; compile of 500 models (+100 tests): %.3f s%n",
                figures.get("silver_orders"), modelMedian, figures.get("statements_per_build"), directMedian, modelMedian / directMedian,
                median(loads), median(compiles));
    }

    /** What the last build sent, in its order: each node's statements from target/run, in run_results.json's order. */
    private static List<String> statements(Path project) throws Exception {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA IF NOT EXISTS bench");
        statements.add("CREATE SCHEMA IF NOT EXISTS bench_marts");
        statements.add("CREATE SCHEMA IF NOT EXISTS bench_reference");
        JsonNode results = new ObjectMapper().readTree(project.resolve("target/run_results.json").toFile());
        JsonNode manifest = new ObjectMapper().readTree(project.resolve("target/manifest.json").toFile());
        for (JsonNode result : results.path("results")) {
            JsonNode node = manifest.path("nodes").path(result.path("unique_id").asText());
            String file = node.path("original_file_path").asText();
            if (node.path("test_metadata").isObject()) {
                String alias = node.path("config").path("alias").isTextual() ? node.path("config").path("alias").asText() : node.path("name").asText();
                file = file + "/" + alias + ".sql";
            }
            String text = Files.readString(project.resolve("target/run/shop").resolve(file));
            for (String statement : text.split(";\n\n")) {
                String trimmed = statement.strip();
                if (trimmed.endsWith(";")) {
                    trimmed = trimmed.substring(0, trimmed.length() - 1);
                }
                if (!trimmed.isEmpty()) {
                    statements.add(trimmed);
                }
            }
        }
        return statements;
    }

    private static void replay(Lakehouse lakehouse, List<String> statements) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "bench");
        try (Connection connection = new io.trino.jdbc.TrinoDriver().connect(lakehouse.trinoJdbcUrl() + "/iceberg", properties);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                if (statement.execute(sql)) {
                    try (ResultSet rows = statement.getResultSet()) {
                        while (rows.next()) {
                            // read every row, as the build reads a test's counts
                        }
                    }
                }
            }
        }
    }

    private static long count(Lakehouse lakehouse, String sql) throws Exception {
        try (Trino trino = new Trino(lakehouse.trinoJdbcUrl(), "iceberg")) {
            return trino.count(sql);
        }
    }

    /** {@code size} models in 10 folders: each refs the one before it (two before, every fifth), uses a macro and a loop. */
    static Map<String, String> generatedProject(int size) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dbt_project.yml", """
                name: generated
                config-version: 2
                vars:
                  columns: ['a', 'b', 'c', 'd']
                models:
                  generated:
                    +materialized: table
                    layer_0:
                      +materialized: view
                """);
        files.put("macros/double.sql", "{% macro double(column) %}({{ column }} * 2){% endmacro %}\n");
        StringBuilder schema = new StringBuilder("version: 2\nmodels:\n");
        for (int i = 0; i < size; i++) {
            String folder = "layer_" + (i * 10 / size);
            StringBuilder sql = new StringBuilder();
            if (i % 7 == 0) {
                sql.append("{{ config(tags=['every_seventh']) }}\n");
            }
            sql.append("select\n    id,\n");
            sql.append("    {% for c in var('columns') %}\n    {{ double(c) }} as {{ c }}{% if not loop.last %},{% endif %}\n    {% endfor %}\n");
            if (i == 0) {
                sql.append("from (select 1 as id, 1 as a, 2 as b, 3 as c, 4 as d) as t\n");
            } else {
                sql.append("from {{ ref('model_").append(i - 1).append("') }}\n");
                if (i % 5 == 0 && i >= 2) {
                    sql.append("where id in (select id from {{ ref('model_").append(i - 2).append("') }})\n");
                }
            }
            files.put("models/" + folder + "/model_" + i + ".sql", sql.toString());
            if (i % 5 == 0) {
                schema.append("  - name: model_").append(i).append("\n    columns:\n      - name: id\n        data_tests: [not_null]\n");
            }
        }
        files.put("models/schema.yml", schema.toString());
        return files;
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
