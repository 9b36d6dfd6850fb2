package dev.lakehouse.models;

import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.Target;
import dev.lakehouse.models.run.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's generated project of 500 models loads and compiles (the benchmark times it). */
class GeneratedProjectTest {
    @Test
    void fiveHundredModelsCompile(@TempDir Path dir) throws Exception {
        TestProjects.write(dir, ModelsBenchmark.generatedProject(500));
        Project project = ProjectLoader.load(dir, new Target("dev", "trino", "iceberg", null), Map.of());
        Runner.Outcome outcome = new Runner(project, new FakeEngine(), ModelsOptions.of(ModelsOptions.Command.COMPILE), line -> { },
                new Cancellation()).run();
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.results()).hasSize(600);
        assertThat(Files.readString(dir.resolve("target/compiled/generated/models/layer_9/model_499.sql")))
                .contains("(a * 2) as a,").contains("from generated.model_498");
    }
}
