package dev.lakehouse.models;

import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.junit.TestLakehouse;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.spark.pipeline.NessieBranches;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --branch and --publish: a build on a Nessie branch is merged into main in one commit only when every model and
 * test passed; otherwise main keeps its hash and the branch keeps the build.
 */
@LakehouseTest(services = {"spark", "trino"})
class BranchPublishTest {
    @TempDir
    Path dir;

    /** A seed, a view and a table over it, and tests; {@code acceptedNames} decides whether one test passes. */
    private static Map<String, String> project(String acceptedNames) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dbt_project.yml", """
                name: wap
                config-version: 2
                models:
                  wap:
                    +materialized: table
                """);
        files.put("seeds/items.csv", "id,name,price\n1,pen,2.50\n2,lamp,35.00\n3,desk,250.00\n");
        files.put("models/items_view.sql", "{{ config(materialized='view') }}\nselect id, name, price from {{ ref('items') }}\n");
        files.put("models/expensive.sql", "select id, name from {{ ref('items_view') }} where price > 10\n");
        files.put("models/schema.yml", """
                version: 2
                models:
                  - name: items_view
                    columns:
                      - name: name
                        data_tests:
                          - accepted_values:
                              values: [%s]
                  - name: expensive
                    columns:
                      - name: id
                        data_tests: [unique, not_null]
                """.formatted(acceptedNames));
        return files;
    }

    private static String mainHash(Lakehouse lakehouse) throws Exception {
        return reference(lakehouse, "main").hash();
    }

    private static NessieBranches.Reference reference(Lakehouse lakehouse, String name) throws Exception {
        return lakehouse.branches().list().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void aFailingTestLeavesMainUnchanged(Lakehouse lakehouse, TestLakehouse test) throws Exception {
        TestProjects.write(dir, project("'pen', 'lamp'"));
        String before = mainHash(lakehouse);
        String schema = test.namespace() + "_fail";
        String branch = "wap_fail_" + test.namespace().substring(test.namespace().lastIndexOf('_') + 1);
        ModelsResult result = new Models(lakehouse).run(dir, ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(schema)
                .withBranch(branch, true), System.out::println);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.published()).isFalse();
        assertThat(result.message()).contains("accepted_values_items_view_name__pen__lamp (fail)").contains("main is unchanged");
        assertThat(mainHash(lakehouse)).isEqualTo(before);
        // the build stays on the branch, for a look at what failed; main never saw it
        assertThat(reference(lakehouse, branch)).isNotNull();
        try (Trino onBranch = new Trino(lakehouse.trinoJdbcUrl(), "iceberg_" + branch); Trino onMain = new Trino(lakehouse.trinoJdbcUrl(), "iceberg")) {
            assertThat(onBranch.count("SELECT count(*) FROM " + schema + ".items")).isEqualTo(3);
            assertThat(onMain.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'")).isEmpty();
        }
    }

    @Test
    void badInputStopsBeforeABranchIsEvenMade(Lakehouse lakehouse, TestLakehouse test) throws Exception {
        Map<String, String> files = project("'pen', 'lamp', 'desk'");
        files.put("models/expensive.sql", "select id from {{ ref('item_view') }}\n");
        TestProjects.write(dir, files);
        String before = mainHash(lakehouse);
        ModelsResult result = new Models(lakehouse).run(dir, ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(test.namespace())
                .withBranch("wap_bad", true), System.out::println);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).isEqualTo("models/expensive.sql:1: ref('item_view') names no model or seed of this project"
                + " (did you mean 'items_view'?)");
        assertThat(mainHash(lakehouse)).isEqualTo(before);
        assertThat(reference(lakehouse, "wap_bad")).isNull();
    }

    @Test
    void aPassingBuildIsMergedInOneCommit(Lakehouse lakehouse, TestLakehouse test) throws Exception {
        TestProjects.write(dir, project("'pen', 'lamp', 'desk'"));
        String before = mainHash(lakehouse);
        String branch = "wap_ok_" + test.namespace().substring(test.namespace().lastIndexOf('_') + 1);
        ModelsResult result = new Models(lakehouse).run(dir, ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(test.namespace())
                .withBranch(branch, true), System.out::println);
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(result.published()).isTrue();
        List<NessieBranches.Commit> log = lakehouse.branches().log("main", 10);
        assertThat(log.getFirst().hash()).isEqualTo(mainHash(lakehouse));
        assertThat(log.get(1).hash()).as("main moved by one commit").isEqualTo(before);
        assertThat(reference(lakehouse, branch)).as("the branch this run made is gone").isNull();
        try (Trino main = new Trino(lakehouse.trinoJdbcUrl(), "iceberg")) {
            assertThat(main.rows("SELECT id, name FROM " + test.namespace() + ".expensive ORDER BY id")).containsExactly("2 | lamp", "3 | desk");
            // the view was made on the branch: merged, it reads main's tables
            assertThat(main.count("SELECT count(*) FROM " + test.namespace() + ".items_view")).isEqualTo(3);
        }
    }

    @Test
    void sparkPublishesToo(Lakehouse lakehouse, TestLakehouse test) throws Exception {
        TestProjects.write(dir, project("'pen', 'lamp', 'desk'"));
        String schema = test.namespace() + "_spark";
        String branch = "wap_spark_" + test.namespace().substring(test.namespace().lastIndexOf('_') + 1);
        ModelsResult result = new Models(lakehouse).run(dir, ModelsOptions.of(ModelsOptions.Command.BUILD).withSchema(schema)
                .withEngine(ModelsOptions.Engine.SPARK).withBranch(branch, true), System.out::println);
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(result.published()).isTrue();
        SparkSession spark = lakehouse.spark().newSession();
        assertThat(spark.sql("SELECT count(*) FROM lakehouse." + schema + ".items_view").first().getLong(0)).isEqualTo(3);
        assertThat(spark.sql("SELECT count(*) FROM lakehouse." + schema + ".expensive").first().getLong(0)).isEqualTo(2);
    }
}
