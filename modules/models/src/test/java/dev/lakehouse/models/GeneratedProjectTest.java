package dev.lakehouse.models;

import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.junit.TestLakehouse;
import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's generated project of 500 models loads and compiles (the benchmark times it). Compiling needs the
 * engine, as dbt's does (relations are named in its dialect; is_incremental() looks at its catalog), so this is the
 * lakehouse's Trino; nothing is built on it.
 */
@LakehouseTest(services = {"spark", "trino"})
class GeneratedProjectTest {
    @Test
    void fiveHundredModelsCompile(Lakehouse lakehouse, TestLakehouse test, @TempDir Path dir) throws Exception {
        TestProjects.write(dir, TestProjects.generated(500));
        String schema = test.namespace();
        ModelsResult result = new Models(lakehouse).run(dir, ModelsOptions.of(ModelsOptions.Command.COMPILE).withSchema(schema), line -> { });
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(result.results()).hasSize(600);
        assertThat(Files.readString(dir.resolve("target/compiled/generated/models/layer_9/model_499.sql")))
                .contains("(a * 2) as a,").contains("from " + schema + ".model_498");
        try (Trino trino = new Trino(lakehouse.trinoJdbcUrl(), "iceberg")) {
            assertThat(trino.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'")).isEmpty();
        }
    }
}
