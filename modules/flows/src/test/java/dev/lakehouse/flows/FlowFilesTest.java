package dev.lakehouse.flows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowFilesTest {
    @TempDir
    Path flows;

    private Path write(String name, String yaml) throws Exception {
        Path file = flows.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aFlowFileDefinesTheFlowNamedAfterIt() throws Exception {
        Flow flow = FlowFiles.read(write("nightly.yaml", """
                description: the nightly load
                schedule: "@daily"
                timezone: Europe/Paris
                branch: per-run
                max-active-runs: 2
                paused: false
                tasks:
                  load:
                    pipeline: medallion
                    options: {layer: bronze}
                    retries: 2
                    retry-delay: 10s
                    timeout: 5m
                  check:
                    sql: SELECT 1
                    engine: spark
                    after: [load]
                  notify:
                    java: com.example.Notify
                    parameters: {channel: ops}
                    after: check
                """));
        assertThat(flow.name()).isEqualTo("nightly");
        assertThat(flow.schedule()).get().hasToString("@daily (Europe/Paris)");
        assertThat(flow.branchPerRun()).isTrue();
        assertThat(flow.pausedAtCreation()).isFalse();
        assertThat(flow.maxActiveRuns()).isEqualTo(2);
        Task load = flow.tasks().get("load");
        assertThat(load.action()).isEqualTo(new TaskAction.Pipeline("medallion", java.util.Map.of("layer", "bronze"), true));
        assertThat(load.retries()).isEqualTo(2);
        assertThat(load.delayBefore(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(load.delayBefore(3)).as("doubles").isEqualTo(Duration.ofSeconds(20));
        assertThat(load.timeout()).contains(Duration.ofMinutes(5));
        assertThat(flow.tasks().get("check").action()).isEqualTo(new TaskAction.Sql("SELECT 1", "spark"));
        assertThat(flow.tasks().get("notify").after()).containsExactly("check");
        assertThat(flow.downstream("load")).containsExactly("check");
    }

    @Test
    void eachMistakeIsOneLineNamingTheFileTheLineAndWhatToFix() throws Exception {
        assertThatThrownBy(() -> FlowFiles.read(write("cycle.yaml", """
                tasks:
                  a:
                    sql: SELECT 1
                    after: [b]
                  b:
                    sql: SELECT 2
                    after: [a]
                """))).hasMessageContaining("cycle.yaml:").hasMessageContaining("in a circle: a -> b -> a");
        assertThatThrownBy(() -> FlowFiles.read(write("kind.yaml", """
                tasks:
                  a:
                    bash: echo hi
                """))).hasMessage(flows.resolve("kind.yaml") + ":3: task a has an unknown key 'bash' (known: after, command, engine, exclude, "
                + "full-refresh, java, models, options, parameters, pipeline, retries, retry-delay, schema, select, sql, sql-file, timeout, "
                + "until-idle, vars)");
        assertThatThrownBy(() -> FlowFiles.read(write("cron.yaml", """
                schedule: "61 * * * *"
                tasks:
                  a:
                    sql: SELECT 1
                """))).hasMessageStartingWith(flows.resolve("cron.yaml") + ":1: '61 * * * *' is not a cron expression");
        assertThatThrownBy(() -> FlowFiles.read(write("after.yaml", """
                tasks:
                  a:
                    sql: SELECT 1
                    after: [missing]
                """))).hasMessage(flows.resolve("after.yaml") + ":3: task a runs after 'missing', which is no task of this flow (tasks: a)");
        assertThatThrownBy(() -> FlowFiles.read(write("syntax.yaml", """
                tasks:
                  a:
                    sql: "SELECT 1
                """))).hasMessageStartingWith(flows.resolve("syntax.yaml") + ":").hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> FlowFiles.read(write("typo.yaml", """
                tasks:
                  a:
                    sql: SELECT 1
                    retires: 2
                """))).hasMessageContaining(":4: task a has an unknown key 'retires' (did you mean 'retries'?)");
        assertThatThrownBy(() -> FlowFiles.read(write("two.yaml", """
                tasks:
                  a:
                    sql: SELECT 1
                    java: com.example.X
                """))).hasMessageContaining(":3: task a has sql and java: one kind per task");
        assertThatThrownBy(() -> FlowFiles.read(write("dbt.yaml", """
                tasks:
                  a:
                    models: shop_models
                    command: deploy
                """))).hasMessage(flows.resolve("dbt.yaml") + ":3: task a: command 'deploy' is not one of build, run, test or seed");
    }
}
