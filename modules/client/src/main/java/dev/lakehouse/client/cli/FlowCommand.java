package dev.lakehouse.client.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lakehouse.client.EventStream;
import dev.lakehouse.client.LakehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code lakehouse flow ...}: the flows of the running lakehouse (the Airflow role). */
@Command(name = "flow", mixinStandardHelpOptions = true, header = "List, run, backfill and pause flows; see their runs.",
        description = "Flows are DAGs of tasks (pipeline, sql, models, java) in YAML files of the flows directory (the data"
                + " directory's flows folder), run on their schedule by the running lakehouse, with retries, backfills and a"
                + " history of every run and task attempt.",
        subcommands = {FlowCommand.ListFlows.class, FlowCommand.Show.class, FlowCommand.Run.class, FlowCommand.Backfill.class,
                FlowCommand.History.class, FlowCommand.Pause.class, FlowCommand.Unpause.class, FlowCommand.Branches.class})
public final class FlowCommand {
    /** A flow action against the running lakehouse. */
    abstract static class Action extends ClientCommand {
        @Option(names = "--format", paramLabel = "table|json", defaultValue = "table", description = "table (default) or json.")
        String format;

        @Override
        protected Set<String> services() {
            return Set.of("flows");
        }

        boolean json() {
            return format.equalsIgnoreCase("json");
        }

        void printJson(Object value) throws Exception {
            Terminal.OUT.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(value));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "The flows, their schedule and their next run.")
    static final class ListFlows extends Action {
        @Override
        @SuppressWarnings("unchecked")
        protected int run(LakehouseClient client) throws Exception {
            Map<String, Object> answer = client.get("/api/flows");
            if (json()) {
                printJson(answer);
                return ExitCodes.OK;
            }
            TextTable table = new TextTable("flow", "schedule", "state", "next run", "branch", "tasks");
            for (Map<String, Object> flow : (List<Map<String, Object>>) answer.get("flows")) {
                table.row(flow.get("name"), flow.get("schedule") == null ? "(by hand)" : flow.get("schedule"),
                        Boolean.TRUE.equals(flow.get("paused")) ? "paused" : "active", flow.get("nextRun"), flow.get("branch"), flow.get("tasks"));
            }
            if (table.isEmpty()) {
                Terminal.OUT.println("No flows in " + answer.get("directory") + " (a flow is a YAML file there).");
            } else {
                table.print(Terminal.OUT);
            }
            List<Map<String, Object>> problems = (List<Map<String, Object>>) answer.get("problems");
            problems.forEach(problem -> Terminal.ERR.println("lakehouse: " + problem.get("message")));
            return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, header = "A flow's tasks and its latest runs.")
    static final class Show extends Action {
        @Parameters(paramLabel = "FLOW")
        String name;

        @Override
        @SuppressWarnings("unchecked")
        protected int run(LakehouseClient client) throws Exception {
            Map<String, Object> flow = client.get("/api/flows/" + LakehouseClient.encode(name));
            if (json()) {
                printJson(flow);
                return ExitCodes.OK;
            }
            Terminal.OUT.printf("flow %s: %s%n", flow.get("name"), flow.get("description"));
            Terminal.OUT.printf("  schedule %s, %s, next run %s, catchup %s, max %s active run(s), writes on %s%n",
                    flow.get("schedule") == null ? "none (by hand)" : flow.get("schedule"), Boolean.TRUE.equals(flow.get("paused")) ? "paused" : "active",
                    flow.get("nextRun") == null ? "-" : flow.get("nextRun"), flow.get("catchup"), flow.get("maxActiveRuns"),
                    "per-run".equals(flow.get("branch")) ? "a branch per run" : "main");
            Terminal.OUT.printf("  from %s%n%n", flow.get("source"));
            TextTable tasks = new TextTable("task", "kind", "after", "retries", "timeout", "does");
            for (Map<String, Object> task : (List<Map<String, Object>>) flow.get("tasks")) {
                List<Object> after = (List<Object>) task.get("after");
                tasks.row(task.get("name"), task.get("kind"), after.isEmpty() ? "-" : String.join(",", after.stream().map(Object::toString).toList()),
                        task.get("retries") + " (" + task.get("retryDelay") + ")", task.get("timeout"), task.get("what"));
            }
            tasks.print(Terminal.OUT);
            List<Map<String, Object>> runs = (List<Map<String, Object>>) flow.get("runs");
            if (!runs.isEmpty()) {
                Terminal.OUT.println();
                History.table(runs).print(Terminal.OUT);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, header = "Run a flow now (for a logical date with --date).")
    static final class Run extends Action {
        @Parameters(paramLabel = "FLOW")
        String name;

        @Option(names = "--date", paramLabel = "DATE", description = "The run's logical date: 2026-11-30 or 2026-11-30T04:00:00Z (default: now).")
        String date;

        @Option(names = "--wait", description = "Wait for the run to end and print its tasks; exit code 1 when it failed.")
        boolean waitForIt;

        @Override
        @SuppressWarnings("unchecked")
        protected int run(LakehouseClient client) throws Exception {
            Map<String, Object> request = new LinkedHashMap<>();
            if (date != null) {
                request.put("date", date);
            }
            request.put("wait", waitForIt);
            String path = "/api/flows/" + LakehouseClient.encode(name) + "/runs";
            if (!waitForIt) {
                Map<String, Object> run = client.post(path, request);
                Terminal.OUT.printf("Queued run %s of %s (logical date %s); see it with: lakehouse flow history %s --run %s%n",
                        run.get("runId"), name, run.get("logicalDate"), name, run.get("runId"));
                return ExitCodes.OK;
            }
            try (EventStream events = client.stream(path, request)) {
                for (Optional<Map<String, Object>> event = events.next(); event.isPresent(); event = events.next()) {
                    if (event.get().containsKey("queued")) {
                        Map<String, Object> run = (Map<String, Object>) event.get().get("queued");
                        Terminal.OUT.printf("Run %s of %s (logical date %s)...%n", run.get("runId"), name, run.get("logicalDate"));
                    } else if (event.get().containsKey("done")) {
                        Map<String, Object> run = (Map<String, Object>) event.get().get("done");
                        if (json()) {
                            printJson(run);
                        } else {
                            History.printRun(run);
                        }
                        return "success".equals(run.get("state")) ? ExitCodes.OK : ExitCodes.FAILED;
                    }
                }
            }
            Terminal.error("the lakehouse stopped answering before the run ended (did it stop?)");
            return ExitCodes.FAILED;
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true, header = "Run a flow for every date of its schedule in a range.")
    static final class Backfill extends Action {
        @Parameters(paramLabel = "FLOW")
        String name;

        @Option(names = "--from", required = true, paramLabel = "DATE", description = "The first logical date (included).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "DATE", description = "The last logical date (included).")
        String to;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            List<Map<String, Object>> runs = client.postForList("/api/flows/" + LakehouseClient.encode(name) + "/backfill", Map.of("from", from, "to", to));
            if (json()) {
                printJson(runs);
                return ExitCodes.OK;
            }
            Terminal.OUT.printf("Queued %d run(s) of %s, oldest first:%n", runs.size(), name);
            runs.forEach(run -> Terminal.OUT.println("  " + run.get("runId")));
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, header = "The latest runs, or one run's task attempts.")
    static final class History extends Action {
        @Parameters(paramLabel = "FLOW", arity = "0..1", description = "Only this flow's runs.")
        String name;

        @Option(names = "--run", paramLabel = "RUN_ID", description = "One run, with every task attempt (needs FLOW).")
        String runId;

        @Option(names = {"-n", "--max"}, paramLabel = "N", defaultValue = "20", description = "How many runs (default: 20).")
        int max;

        @Override
        @SuppressWarnings("unchecked")
        protected int run(LakehouseClient client) throws Exception {
            if (runId != null) {
                if (name == null) {
                    Terminal.error("flow history --run needs the flow's name");
                    return ExitCodes.CONFIG;
                }
                Map<String, Object> run = client.get("/api/flows/" + LakehouseClient.encode(name) + "/runs/" + LakehouseClient.encode(runId));
                if (json()) {
                    printJson(run);
                } else {
                    printRun(run);
                }
                return ExitCodes.OK;
            }
            List<Map<String, Object>> runs = client.list((name == null ? "/api/flows/runs" : "/api/flows/" + LakehouseClient.encode(name) + "/runs")
                    + "?limit=" + max);
            if (json()) {
                printJson(runs);
            } else if (runs.isEmpty()) {
                Terminal.OUT.println("No runs yet.");
            } else {
                table(runs).print(Terminal.OUT);
            }
            return ExitCodes.OK;
        }

        static TextTable table(List<Map<String, Object>> runs) {
            TextTable table = new TextTable("flow", "run", "state", "logical date", "started", "ended", "error");
            runs.forEach(run -> table.row(run.get("flow"), run.get("runId"), run.get("state"), run.get("logicalDate"), run.get("startedAt"),
                    run.get("endedAt"), run.get("error") == null ? "" : run.get("error")));
            return table;
        }

        @SuppressWarnings("unchecked")
        static void printRun(Map<String, Object> run) {
            Terminal.OUT.printf("run %s of %s: %s (logical date %s, interval %s to %s)%n", run.get("runId"), run.get("flow"), run.get("state"),
                    run.get("logicalDate"), run.get("intervalStart"), run.get("intervalEnd"));
            if (run.get("branch") != null) {
                Terminal.OUT.printf("  on branch %s (kept: main is unchanged)%n", run.get("branch"));
            }
            if (run.get("mergeCommit") != null) {
                Terminal.OUT.printf("  merged into main as %s%n", run.get("mergeCommit"));
            }
            if (run.get("error") != null) {
                Terminal.OUT.printf("  %s%n", run.get("error"));
            }
            TextTable attempts = new TextTable("task", "attempt", "state", "started", "ended", "commit", "error");
            for (Map<String, Object> attempt : (List<Map<String, Object>>) run.get("attempts")) {
                Object commit = attempt.get("commit");
                attempts.row(attempt.get("task"), attempt.get("attempt"), attempt.get("state"), attempt.get("startedAt"), attempt.get("endedAt"),
                        commit == null ? "" : commit.toString().substring(0, Math.min(12, commit.toString().length())),
                        attempt.get("error") == null ? "" : attempt.get("error"));
            }
            Terminal.OUT.println();
            attempts.print(Terminal.OUT);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, header = "Stop a flow's schedule (runs by hand still run).")
    static final class Pause extends Action {
        @Parameters(paramLabel = "FLOW")
        String name;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            client.post("/api/flows/" + LakehouseClient.encode(name) + "/pause", Map.of());
            Terminal.OUT.printf("Paused %s%n", name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, header = "Start a flow's schedule.")
    static final class Unpause extends Action {
        @Parameters(paramLabel = "FLOW")
        String name;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            client.post("/api/flows/" + LakehouseClient.encode(name) + "/unpause", Map.of());
            Map<String, Object> flow = client.get("/api/flows/" + LakehouseClient.encode(name));
            Terminal.OUT.printf("Unpaused %s; next run %s%n", name, flow.get("nextRun") == null ? "when triggered" : flow.get("nextRun"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "branches", mixinStandardHelpOptions = true, header = "The branches failed runs left; --prune deletes them.")
    static final class Branches extends Action {
        @Option(names = "--prune", description = "Delete them (main is not touched).")
        boolean prune;

        @Option(names = "--older-than", paramLabel = "HOURS", defaultValue = "0",
                description = "With --prune: only those of runs that ended this many hours ago or more (default: 0, all).")
        long olderThanHours;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            List<Map<String, Object>> runs = prune
                    ? client.postForList("/api/flows/branches/prune", Map.of("olderThanHours", olderThanHours))
                    : client.list("/api/flows/branches");
            if (json()) {
                printJson(runs);
                return ExitCodes.OK;
            }
            if (runs.isEmpty()) {
                Terminal.OUT.println(prune ? "No branch to prune." : "No branch left by a flow's run.");
                return ExitCodes.OK;
            }
            TextTable table = new TextTable("branch", "flow", "run", "state", "ended");
            runs.forEach(run -> table.row(run.get("branch"), run.get("flow"), run.get("runId"), run.get("state"), run.get("endedAt")));
            if (prune) {
                Terminal.OUT.println("Deleted:");
            }
            table.print(Terminal.OUT);
            return ExitCodes.OK;
        }
    }
}
