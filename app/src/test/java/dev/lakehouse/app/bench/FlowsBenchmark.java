package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.LakehouseProcess;
import dev.lakehouse.flows.Flow;
import dev.lakehouse.flows.FlowRun;
import dev.lakehouse.flows.FlowTask;
import dev.lakehouse.flows.Flows;
import dev.lakehouse.flows.RunState;
import dev.lakehouse.flows.Task;
import dev.lakehouse.flows.TaskContext;
import dev.lakehouse.runtime.Lakehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The orchestrator: how late a scheduled run's first task starts after its time (many flows on one schedule, so
 * several runs fall due at once), 1,000 one-line tasks through one run, the history's size, and what the flows add to
 * a lakehouse's memory.
 */
final class FlowsBenchmark {
    /** A task that does nothing: what is measured is the orchestrator. */
    public static final class Nothing implements FlowTask {
        @Override
        public void run(TaskContext context) {
        }
    }

    private FlowsBenchmark() {
    }

    static void run(Results results, int minutes, int flowsPerMinute, int tasks) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-flows");
        try (Lakehouse lakehouse = Lakehouse.builder().dataDir(dataDir).services("flows").randomPorts().start()) {
            Flows flows = Flows.of(lakehouse);
            for (int i = 0; i < flowsPerMinute; i++) {
                flows.register(Flow.builder("minute-" + i).schedule("* * * * *").task(Task.named("nothing").java(Nothing.class)).build());
            }
            // wait for the minutes to pass, then read how late each scheduled run's task started
            Instant start = Instant.now();
            Thread.sleep(Duration.ofMinutes(minutes).plusSeconds(70 - Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond()).toMillis());
            List<Double> delays = new ArrayList<>();
            for (FlowRun run : flows.runs(Optional.empty(), 10_000)) {
                if (run.runType().equals("scheduled") && run.intervalEnd().isAfter(start) && run.state() == RunState.SUCCESS) {
                    Instant firstTask = flows.run(run.flow(), run.runId()).attempts().getFirst().startedAt().orElseThrow();
                    delays.add(Duration.between(run.intervalEnd(), firstTask).toNanos() / 1e6);
                }
            }
            delays.sort(Double::compare);
            results.add("flows", "scheduled time to first task, p50 (" + delays.size() + " runs, " + flowsPerMinute + " due at once)",
                    percentile(delays, 50), "ms", "", "");
            results.add("flows", "scheduled time to first task, p95", percentile(delays, 95), "ms", "<= 1000", "");
            for (String flow : flows.list().stream().map(s -> s.flow().name()).toList()) {
                flows.pause(flow);
            }

            Flow.Builder wide = Flow.builder("thousand");
            for (int i = 0; i < tasks; i++) {
                wide.task(Task.named("t" + i).java(Nothing.class));
            }
            flows.register(wide.build());
            long begin = System.nanoTime();
            FlowRun run = flows.await("thousand", flows.trigger("thousand", Optional.empty()).runId(), Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (run.state() != RunState.SUCCESS) {
                throw new IllegalStateException("the run of " + tasks + " tasks ended " + run.state());
            }
            results.add("flows", tasks + " one-line tasks in one run: total", seconds, "s", "", "on " + 4 + " task threads");
            results.add("flows", tasks + " one-line tasks: per task", seconds * 1000 / tasks, "ms", "", "history writes included");
            results.add("flows", "history on disk after those runs", Files.size(dataDir.resolve("flows-history/history.mv.db")) / 1024.0 / 1024.0,
                    "MB", "", "H2, every run and attempt");
        } finally {
            BootBenchmark.deleteTree(dataDir);
        }
        memory(results);
    }

    /** The memory of a lakehouse with the flows, beside one without, each booted idle. */
    private static void memory(Results results) throws Exception {
        long without = idleRss("catalog");
        long with = idleRss("catalog,flows");
        results.add("flows", "RSS the flows add to a lakehouse", (with - without) / 1024.0, "MB", "", "storage+catalog with and without flows, idle");
    }

    private static long idleRss(String services) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-flows-rss");
        try (LakehouseProcess lakehouse = LakehouseProcess.startWith(LakehouseProcess.java(), dataDir, BootBenchmark.WITHOUT_AOT,
                "--services", services, "--ports", "random").awaitReady(Duration.ofMinutes(3))) {
            Thread.sleep(10_000);
            return Machine.rssKb(lakehouse.runFile().path("pid").asLong());
        } finally {
            BootBenchmark.deleteTree(dataDir);
        }
    }

    private static double percentile(List<Double> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
