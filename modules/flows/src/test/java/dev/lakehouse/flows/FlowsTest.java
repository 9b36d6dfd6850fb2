package dev.lakehouse.flows;

import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.spark.pipeline.NessieBranches;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The orchestrator in a real lakehouse (catalog, Trino, the flows), its tasks real: Java tasks and SQL on Trino. */
@LakehouseTest(services = {"flows", "trino"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowsTest {
    private static final Duration RUN = Duration.ofMinutes(2);
    private static Flows flows;
    private static Lakehouse lakehouse;

    @BeforeAll
    static void start(Lakehouse running) {
        lakehouse = running;
        flows = Flows.of(running);
        // fires at every minute while the other tests run; the last test looks at two of its runs
        flows.register(Flow.builder("every-minute").schedule("* * * * *")
                .task(Task.named("tick").java(RecordsItsRun.class)).build());
    }

    /** Fails its first two attempts in each run, then succeeds. */
    public static final class FailsTwice implements FlowTask {
        static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

        @Override
        public void run(TaskContext context) {
            if (ATTEMPTS.computeIfAbsent(context.run().runId(), id -> new AtomicInteger()).incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet (attempt " + context.attempt() + ")");
            }
            context.log("third time lucky");
        }
    }

    public static final class Fails implements FlowTask {
        @Override
        public void run(TaskContext context) {
            throw new IllegalStateException("this task always fails");
        }
    }

    public static final class MustNeverRun implements FlowTask {
        static final AtomicBoolean RAN = new AtomicBoolean();

        @Override
        public void run(TaskContext context) {
            RAN.set(true);
        }
    }

    public static final class RecordsItsRun implements FlowTask {
        static final List<RunParameters> RUNS = new CopyOnWriteArrayList<>();

        @Override
        public void run(TaskContext context) {
            RUNS.add(context.run());
            context.log("ds=" + context.run().variable("ds").orElseThrow() + " day=" + context.parameter("day").orElse(""));
        }
    }

    private static FlowRun await(FlowRun run) throws Exception {
        FlowRun ended = flows.await(run.flow(), run.runId(), RUN);
        assertThat(ended.state().finished()).as(run.runId() + " ended within " + RUN).isTrue();
        return ended;
    }

    @Test
    @Order(1)
    void aTaskThatFailsTwiceSucceedsOnItsThirdAttemptAfterDoublingDelays() throws Exception {
        flows.register(Flow.builder("flaky").task(Task.named("flaky").java(FailsTwice.class).retries(2).retryDelay(Duration.ofSeconds(1))).build());
        FlowRun run = await(flows.trigger("flaky", Optional.empty()));

        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        List<TaskAttempt> attempts = flows.run("flaky", run.runId()).attempts();
        assertThat(attempts).extracting(TaskAttempt::attempt, TaskAttempt::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, TaskState.UP_FOR_RETRY), org.assertj.core.groups.Tuple.tuple(2, TaskState.UP_FOR_RETRY),
                org.assertj.core.groups.Tuple.tuple(3, TaskState.SUCCESS));
        assertThat(attempts.get(0).error()).contains("not yet (attempt 1)");
        assertThat(attempts.get(2).log()).contains("third time lucky");
        Duration first = Duration.between(attempts.get(0).endedAt().orElseThrow(), attempts.get(1).startedAt().orElseThrow());
        Duration second = Duration.between(attempts.get(1).endedAt().orElseThrow(), attempts.get(2).startedAt().orElseThrow());
        assertThat(first).as("the retry delay").isBetween(Duration.ofMillis(950), Duration.ofSeconds(10));
        assertThat(second).as("twice the retry delay").isBetween(Duration.ofMillis(1950), Duration.ofSeconds(20));
    }

    @Test
    @Order(2)
    void aFailedTaskMakesWhatRunsAfterItUpstreamFailedAndTheyNeverRun() throws Exception {
        flows.register(Flow.builder("breaks")
                .task(Task.named("extract").java(Fails.class))
                .task(Task.named("load").java(MustNeverRun.class).after("extract"))
                .task(Task.named("report").java(MustNeverRun.class).after("load"))
                .task(Task.named("independent").java(RecordsItsRun.class)).build());
        FlowRun run = await(flows.trigger("breaks", Optional.empty()));

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).contains("failed: extract");
        Map<String, TaskState> states = new java.util.HashMap<>();
        flows.run("breaks", run.runId()).attempts().forEach(attempt -> states.put(attempt.task(), attempt.state()));
        assertThat(states).containsEntry("extract", TaskState.FAILED).containsEntry("load", TaskState.UPSTREAM_FAILED)
                .containsEntry("report", TaskState.UPSTREAM_FAILED).containsEntry("independent", TaskState.SUCCESS);
        assertThat(MustNeverRun.RAN).isFalse();
    }

    @Test
    @Order(3)
    void aBackfillOfThreeDatesMakesThreeRunsWithThoseLogicalDates() throws Exception {
        flows.register(Flow.builder("daily").schedule("@daily").paused()
                .task(Task.named("record").java(RecordsItsRun.class, Map.of("day", "{{ ds_nodash }}"))).build());
        List<FlowRun> runs = flows.backfill("daily", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));

        assertThat(runs).extracting(FlowRun::runId).containsExactly("backfill__2026-11-01T00:00:00Z", "backfill__2026-11-02T00:00:00Z",
                "backfill__2026-11-03T00:00:00Z");
        for (FlowRun run : runs) {
            assertThat(await(run).state()).isEqualTo(RunState.SUCCESS);
            assertThat(flows.run("daily", run.runId()).attempts().getFirst().log()).contains("day=" + run.runId().substring(10, 20).replace("-", ""));
        }
        assertThat(RecordsItsRun.RUNS.stream().filter(r -> r.flow().equals("daily")).map(r -> r.variable("ds").orElseThrow()))
                .containsExactly("2026-11-01", "2026-11-02", "2026-11-03");
        assertThat(RecordsItsRun.RUNS.stream().filter(r -> r.flow().equals("daily")).map(RunParameters::intervalEnd))
                .containsExactly(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"), Instant.parse("2026-11-04T00:00:00Z"));
        assertThat(flows.backfill("daily", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z")))
                .as("dates that ran successfully are not run again").isEmpty();
    }

    @Test
    @Order(4)
    void aRunOnABranchOfItsOwnReachesMainOnlyWhenEveryTaskSucceeded() throws Exception {
        String create = "CREATE SCHEMA IF NOT EXISTS flows_test; CREATE TABLE IF NOT EXISTS flows_test.loads (run VARCHAR); "
                + "INSERT INTO flows_test.loads VALUES ('{{ run_id }}')";
        flows.register(Flow.builder("publishes").branchPerRun().task(Task.named("load").sql(create)).build());
        FlowRun good = await(flows.trigger("publishes", Optional.empty()));
        assertThat(good.state()).isEqualTo(RunState.SUCCESS);
        assertThat(good.mergeCommit()).isPresent();
        assertThat(count("SELECT count(*) FROM iceberg.flows_test.loads")).as("main has the run's row").isEqualTo(1);
        assertThat(branchNames()).doesNotContain(good.branch().orElse("(none)"));

        String mainBefore = mainHash();
        flows.register(Flow.builder("half-publishes").branchPerRun()
                .task(Task.named("load").sql("INSERT INTO flows_test.loads VALUES ('{{ run_id }}')"))
                .task(Task.named("check").java(Fails.class).after("load")).build());
        FlowRun bad = await(flows.trigger("half-publishes", Optional.empty()));

        assertThat(bad.state()).isEqualTo(RunState.FAILED);
        assertThat(mainHash()).as("main's hash after a failed run").isEqualTo(mainBefore);
        String branch = bad.branch().orElseThrow();
        assertThat(branchNames()).contains(branch);
        assertThat(flows.branches()).extracting(FlowRun::runId).contains(bad.runId());
        assertThat(count("SELECT count(*) FROM \"iceberg_" + branch.toLowerCase(java.util.Locale.ROOT) + "\".flows_test.loads"))
                .as("the branch has its row").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM iceberg.flows_test.loads")).as("main does not").isEqualTo(1);
        assertThat(flows.run("half-publishes", bad.runId()).attempts().stream().filter(a -> a.task().equals("load")).findFirst().orElseThrow()
                .commit()).as("the commit the load made on the branch").isPresent();

        assertThat(flows.pruneBranches(Instant.now())).extracting(FlowRun::runId).contains(bad.runId());
        assertThat(branchNames()).doesNotContain(branch);
    }

    @Test
    @Order(5)
    void badFlowFilesAreReportedWhileTheOtherFlowsAndTheLastGoodVersionKeepRunning() throws Exception {
        Path directory = flows.directory();
        Files.createDirectories(directory);
        Path good = directory.resolve("good.yaml");
        Files.writeString(good, "tasks:\n  first:\n    java: " + RecordsItsRun.class.getName() + "\n");
        Files.writeString(directory.resolve("broken.yaml"), "tasks:\n  a:\n    sql: SELECT 1\n    after: [a]\n");
        flows.rescan();

        assertThat(flows.problems()).containsOnlyKeys(directory.resolve("broken.yaml"));
        assertThat(flows.problems().values().iterator().next()).contains("broken.yaml:3:", "in a circle: a -> a");
        assertThat(await(flows.trigger("good", Optional.empty())).state()).isEqualTo(RunState.SUCCESS);

        Thread.sleep(20); // a new modification time
        Files.writeString(good, "tasks:\n  first:\n    java: " + RecordsItsRun.class.getName() + "\n    retries: many\n");
        flows.rescan();
        assertThat(flows.problems().get(good)).contains("good.yaml:4: retries: a whole number, not 'many'");
        assertThat(await(flows.trigger("good", Optional.empty())).state()).as("its last good version runs").isEqualTo(RunState.SUCCESS);
    }

    @Test
    @Order(6)
    void aModelsTaskBuildsADbtProjectOnTheRunsBranchAndAFailingDbtTestKeepsItOffMain() throws Exception {
        Path project = flows.directory().resolveSibling("flows-test-project");
        Files.createDirectories(project.resolve("models"));
        Files.createDirectories(project.resolve("seeds"));
        Files.writeString(project.resolve("dbt_project.yml"), "name: towns\nversion: '1.0'\nconfig-version: 2\n");
        Files.writeString(project.resolve("seeds/towns.csv"), "town,population\nLyon,522000\nAnnecy,130000\nBrest,140000\n");
        Files.writeString(project.resolve("models/big_towns.sql"), "{{ config(materialized='table') }}\n"
                + "select town, population, '{{ var('loaded_on') }}' as loaded_on\nfrom {{ ref('towns') }}\nwhere population > {{ var('min_population') }}\n");
        Files.writeString(project.resolve("models/schema.yml"), "version: 2\nmodels:\n  - name: big_towns\n    columns:\n"
                + "      - name: town\n        data_tests: [not_null, unique]\n");
        Files.writeString(project.resolve("models/town_names.sql"), "{{ config(materialized='view') }}\nselect town from {{ ref('big_towns') }}\n");
        Files.writeString(flows.directory().resolve("towns.yaml"), """
                branch: per-run
                tasks:
                  build:
                    models: ../flows-test-project
                    schema: flows_models
                    vars: "{min_population: 135000, loaded_on: '{{ ds }}'}"
                """);
        flows.rescan();
        assertThat(flows.problems()).doesNotContainKey(flows.directory().resolve("towns.yaml"));

        FlowRun good = await(flows.trigger("towns", Optional.of(Instant.parse("2026-11-01T00:00:00Z"))));
        assertThat(good.state()).isEqualTo(RunState.SUCCESS);
        assertThat(count("SELECT count(*) FROM iceberg.flows_models.big_towns WHERE loaded_on = '2026-11-01'"))
                .as("main has the model, built with the run's vars").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM iceberg.flows_models.town_names"))
                .as("main's view reads main, not the run's branch (merged and deleted)").isEqualTo(2);
        assertThat(flows.run("towns", good.runId()).attempts().getFirst().log())
                .as("dbt's output is the task's log").contains("Completed successfully");

        String mainBefore = mainHash();
        Files.writeString(project.resolve("models/schema.yml"), "version: 2\nmodels:\n  - name: big_towns\n    columns:\n"
                + "      - name: town\n        data_tests:\n          - accepted_values:\n              values: ['Lyon']\n");
        FlowRun bad = await(flows.trigger("towns", Optional.of(Instant.parse("2026-11-02T00:00:00Z"))));
        assertThat(bad.state()).isEqualTo(RunState.FAILED);
        assertThat(flows.run("towns", bad.runId()).attempts().getFirst().error().orElse(""))
                .contains("models build of flows-test-project", "accepted_values");
        assertThat(mainHash()).as("a failed dbt test keeps the build off main").isEqualTo(mainBefore);
        assertThat(count("SELECT count(*) FROM iceberg.flows_models.big_towns WHERE loaded_on = '2026-11-01'")).isEqualTo(2);
    }

    @Test
    @Order(100)
    void aFlowScheduledEveryMinuteRunsOnTwoConsecutiveMinutes() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<FlowRun> scheduled = List.of();
        while (System.nanoTime() < deadline) {
            scheduled = flows.runs(Optional.of("every-minute"), 10).stream().filter(run -> run.runType().equals("scheduled"))
                    .filter(run -> run.state() == RunState.SUCCESS).toList();
            if (scheduled.size() >= 2) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(scheduled).as("two scheduled runs").hasSizeGreaterThanOrEqualTo(2);
        FlowRun latest = scheduled.get(0);
        FlowRun before = scheduled.get(1);
        assertThat(Duration.between(before.logicalDate(), latest.logicalDate())).isEqualTo(Duration.ofMinutes(1));
        assertThat(latest.runId()).isEqualTo("scheduled__" + latest.logicalDate());
        assertThat(Duration.between(latest.intervalEnd(), latest.startedAt().orElseThrow()))
                .as("started right when its interval ended").isLessThan(Duration.ofSeconds(5));
    }

    private static long count(String sql) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        try (Connection trino = new io.trino.jdbc.TrinoDriver().connect(lakehouse.trinoJdbcUrl(), properties);
             ResultSet rows = trino.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> branchNames() throws Exception {
        return lakehouse.branches().list().stream().map(NessieBranches.Reference::name).toList();
    }

    private static String mainHash() throws Exception {
        return lakehouse.branches().list().stream().filter(r -> r.name().equals("main")).findFirst().orElseThrow().hash();
    }
}
