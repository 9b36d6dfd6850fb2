package dev.lakehouse.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.models.Models;
import dev.lakehouse.models.ModelsOptions;
import dev.lakehouse.models.ModelsResult;
import dev.lakehouse.runtime.Lakehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * SQL models: {@code models build} of the sample project over the medallion's silver tables, alternated with the
 * very statements that build sent replayed on one Trino JDBC connection (the ratio is the overhead of reading the
 * project, rendering, introspection and target/); and a generated project of 500 models read ({@code ls}) and
 * compiled.
 */
final class ModelsBenchmark {
    private static final String SCHEMA = "bench";

    private ModelsBenchmark() {
    }

    static void run(Results results, int rounds) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-models");
        Path projects = Files.createTempDirectory("lakehouse-bench-models-projects");
        try (Lakehouse lakehouse = Lakehouse.builder().dataDir(dataDir).services("spark", "trino", "sourcedb").randomPorts().start()) {
            lakehouse.runPipeline("medallion", false, Map.of());
            Models models = new Models(lakehouse);
            buildVersusJdbc(results, lakehouse, models, projects.resolve("shop"), rounds);
            generated(results, models, projects.resolve("generated"), rounds);
        } finally {
            BootBenchmark.deleteTree(dataDir);
            BootBenchmark.deleteTree(projects);
        }
    }

    private static void buildVersusJdbc(Results results, Lakehouse lakehouse, Models models, Path project, int rounds) throws Exception {
        Models.writeSample(project);
        ModelsOptions build = ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(SCHEMA);
        check(models.run(project, build, line -> { }));
        replay(lakehouse, statements(project)); // both warmed up
        List<Double> builds = new ArrayList<>();
        List<Double> replays = new ArrayList<>();
        int statements = 0;
        int nodes = 0;
        for (int round = 0; round < rounds; round++) {
            long begin = System.nanoTime();
            ModelsResult result = check(models.run(project, build, line -> { }));
            builds.add(seconds(begin));
            nodes = result.results().size();
            List<String> sent = statements(project);
            statements = sent.size();
            begin = System.nanoTime();
            replay(lakehouse, sent);
            replays.add(seconds(begin));
        }
        double buildMedian = Results.median(builds);
        double replayMedian = Results.median(replays);
        results.add("models", "build of the sample project (" + nodes + " nodes, on Trino)", buildMedian, "s", "", "");
        results.add("models", "its " + statements + " statements, one JDBC connection", replayMedian, "s", "", "");
        results.add("models", "build / JDBC", buildMedian / replayMedian, "x", "<= 1.2", "");
    }

    private static void generated(Results results, Models models, Path project, int rounds) throws Exception {
        for (Map.Entry<String, String> file : generatedProject(500).entrySet()) {
            Path path = project.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        List<Double> lists = new ArrayList<>();
        List<Double> compiles = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            long begin = System.nanoTime();
            check(models.run(project, ModelsOptions.of(ModelsOptions.Command.LS), line -> { }));
            double list = seconds(begin);
            begin = System.nanoTime();
            ModelsResult compiled = check(models.run(project, ModelsOptions.of(ModelsOptions.Command.COMPILE).withSchema(SCHEMA), line -> { }));
            double compile = seconds(begin);
            if (compiled.results().size() != 600) {
                throw new IllegalStateException("compiled " + compiled.results().size() + " nodes, not 500 models and 100 tests");
            }
            if (round > 0) {
                lists.add(list);
                compiles.add(compile);
            }
        }
        results.add("models", "ls of 500 generated models (reading the project)", Results.median(lists), "s", "", "");
        results.add("models", "compile of 500 models and 100 tests", Results.median(compiles), "s", "", "");
    }

    private static ModelsResult check(ModelsResult result) {
        if (!result.success()) {
            throw new IllegalStateException("models failed: " + result.message());
        }
        return result;
    }

    /** What the last build sent, in order: the schemas, then each node's statements from target/run. */
    private static List<String> statements(Path project) throws Exception {
        List<String> statements = new ArrayList<>(List.of("CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
                "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + "_marts", "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + "_reference"));
        ObjectMapper json = new ObjectMapper();
        JsonNode results = json.readTree(project.resolve("target/run_results.json").toFile());
        JsonNode manifest = json.readTree(project.resolve("target/manifest.json").toFile());
        for (JsonNode result : results.path("results")) {
            JsonNode node = manifest.path("nodes").path(result.path("unique_id").asText());
            String file = node.path("original_file_path").asText();
            if (node.path("test_metadata").isObject()) {
                JsonNode alias = node.path("config").path("alias");
                file = file + "/" + (alias.isTextual() ? alias.asText() : node.path("name").asText()) + ".sql";
            }
            for (String statement : Files.readString(project.resolve("target/run/shop").resolve(file)).split(";\n\n")) {
                String trimmed = statement.strip();
                trimmed = trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
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
                            // every row read, as the build reads a test's count
                        }
                    }
                }
            }
        }
    }

    /** {@code size} models in 10 folders: each refs the one before it (two before, every fifth), uses a macro and a loop. */
    private static Map<String, String> generatedProject(int size) {
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
            StringBuilder sql = new StringBuilder(i % 7 == 0 ? "{{ config(tags=['every_seventh']) }}\n" : "");
            sql.append("select\n    id,\n");
            sql.append("    {% for c in var('columns') %}\n    {{ double(c) }} as {{ c }}{% if not loop.last %},{% endif %}\n    {% endfor %}\n");
            if (i == 0) {
                sql.append("from (select 1 as id, 1 as a, 2 as b, 3 as c, 4 as d) as t\n");
            } else {
                sql.append("from {{ ref('model_").append(i - 1).append("') }}\n");
                if (i % 5 == 0) {
                    sql.append("where id in (select id from {{ ref('model_").append(i - 2).append("') }})\n");
                }
            }
            files.put("models/layer_" + (i * 10 / size) + "/model_" + i + ".sql", sql.toString());
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
}
