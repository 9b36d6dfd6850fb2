package dev.lakehouse.flows;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.Refused;
import dev.lakehouse.runtime.api.ApiExchange;
import dev.lakehouse.runtime.api.ApiExtension;
import dev.lakehouse.runtime.api.EventWriter;
import dev.lakehouse.runtime.api.HttpError;
import dev.lakehouse.runtime.api.Router;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The flows' routes of the control API, under /api/flows: what {@code lakehouse flow} and the console call. */
public final class FlowsApi implements ApiExtension {
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    @Override
    public void addRoutes(Router router, Lakehouse lakehouse) {
        // the fixed paths first: they have as many segments as /api/flows/{name}
        router.get("/api/flows", exchange -> list(exchange, flows(lakehouse)))
                .get("/api/flows/runs", exchange -> exchange.json(200, runs(flows(lakehouse).runs(Optional.empty(), limit(exchange)))))
                .get("/api/flows/branches", exchange -> exchange.json(200, runs(flows(lakehouse).branches())))
                .post("/api/flows/branches/prune", exchange -> prune(exchange, flows(lakehouse)))
                .get("/api/flows/{name}", exchange -> show(exchange, flows(lakehouse)))
                .post("/api/flows/{name}/runs", exchange -> trigger(exchange, flows(lakehouse)))
                .get("/api/flows/{name}/runs", exchange -> exchange.json(200,
                        runs(flows(lakehouse).runs(Optional.of(exchange.path("name")), limit(exchange)))))
                .get("/api/flows/{name}/runs/{run}", exchange -> exchange.json(200,
                        detail(flows(lakehouse).run(exchange.path("name"), exchange.path("run")))))
                .delete("/api/flows/{name}/runs/{run}", exchange -> {
                    flows(lakehouse).cancel(exchange.path("name"), exchange.path("run"), "cancelled by " + exchange.user());
                    exchange.json(200, Map.of("cancelled", exchange.path("run")));
                })
                .get("/api/flows/{name}/grid", exchange -> exchange.json(200, FlowGrid.of(flows(lakehouse), exchange.path("name"),
                        gridRuns(exchange))))
                .get("/api/flows/{name}/runs/{run}/tasks/{task}/log", exchange -> exchange.json(200,
                        FlowGrid.taskLog(flows(lakehouse), exchange.path("name"), exchange.path("run"), exchange.path("task"))))
                .post("/api/flows/{name}/backfill", exchange -> backfill(exchange, flows(lakehouse)))
                .post("/api/flows/{name}/pause", exchange -> {
                    flows(lakehouse).pause(exchange.path("name"));
                    exchange.json(200, Map.of("paused", true));
                })
                .post("/api/flows/{name}/unpause", exchange -> {
                    flows(lakehouse).unpause(exchange.path("name"));
                    exchange.json(200, Map.of("paused", false));
                });
    }

    private static Flows flows(Lakehouse lakehouse) {
        try {
            return Flows.of(lakehouse);
        } catch (IllegalStateException e) {
            throw HttpError.unavailable(e.getMessage() + " (start it with flows among its --services)");
        }
    }

    private static void list(ApiExchange exchange, Flows flows) throws Exception {
        flows.rescan();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("directory", flows.directory().toAbsolutePath().toString());
        answer.put("flows", flows.list().stream().map(FlowsApi::summary).toList());
        answer.put("problems", flows.problems().entrySet().stream()
                .map(problem -> Map.of("file", problem.getKey().toString(), "message", problem.getValue())).toList());
        exchange.json(200, answer);
    }

    private static void show(ApiExchange exchange, Flows flows) throws Exception {
        Flows.FlowStatus status = flows.flow(exchange.path("name"));
        Map<String, Object> answer = summary(status);
        answer.put("tasks", status.flow().tasks().values().stream().map(FlowsApi::task).toList());
        answer.put("runs", runs(flows.runs(Optional.of(exchange.path("name")), 10)));
        exchange.json(200, answer);
    }

    private static void trigger(ApiExchange exchange, Flows flows) throws Exception {
        Map<String, Object> request = exchange.body();
        Optional<Instant> date = Optional.ofNullable(request.get("date")).map(Object::toString).map(FlowsApi::date);
        FlowRun run = flows.trigger(exchange.path("name"), date);
        if (!Boolean.TRUE.equals(request.get("wait"))) {
            exchange.json(201, run(run));
            return;
        }
        // --wait: the run's end, streamed so that a long run needs no long read timeout
        EventWriter events = exchange.stream();
        events.event("queued", run(run));
        while (true) {
            FlowRun now = flows.await(run.flow(), run.runId(), HEARTBEAT);
            if (now.state().finished()) {
                events.event("done", detail(flows.run(run.flow(), run.runId())));
                return;
            }
            try {
                events.event("heartbeat", now.state().label());
            } catch (EventWriter.ClientGone gone) {
                return; // the run goes on: it is the lakehouse's now
            }
        }
    }

    private static void backfill(ApiExchange exchange, Flows flows) throws Exception {
        Map<String, Object> request = exchange.body();
        Instant from = date(required(request, "from"));
        Instant to = date(required(request, "to"));
        exchange.json(201, runs(flows.backfill(exchange.path("name"), from, to)));
    }

    private static void prune(ApiExchange exchange, Flows flows) throws Exception {
        Object olderThan = exchange.body().get("olderThanHours");
        Instant before = Instant.now().minus(Duration.ofHours(olderThan instanceof Number hours ? hours.longValue() : 0));
        exchange.json(200, runs(flows.pruneBranches(before)));
    }

    private static String required(Map<String, Object> request, String key) {
        Object value = request.get(key);
        if (value == null) {
            throw HttpError.badRequest("the request needs \"" + key + "\"");
        }
        return value.toString();
    }

    /** 2026-11-30 (midnight UTC) or 2026-11-30T04:00:00Z. */
    static Instant date(String text) {
        try {
            return text.contains("T") ? OffsetDateTime.parse(text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? text : text + "Z").toInstant()
                    : LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Refused.invalid("'" + text + "' is no date: 2026-11-30, or a time such as 2026-11-30T04:00:00Z");
        }
    }

    /** ?runs=N for the grid: 1 to 100 columns, 20 unless asked. */
    private static int gridRuns(ApiExchange exchange) {
        String given = exchange.query("runs").orElse("20");
        try {
            int runs = Integer.parseInt(given);
            if (runs >= 1 && runs <= 100) {
                return runs;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw HttpError.badRequest("runs must be a whole number from 1 to 100, not " + given);
    }

    private static int limit(ApiExchange exchange) {
        return exchange.query("limit").map(Integer::parseInt).orElse(25);
    }

    // --- JSON shapes -----------------------------------------------------------------------------------------

    private static Map<String, Object> summary(Flows.FlowStatus status) {
        Flow flow = status.flow();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", flow.name());
        summary.put("description", flow.description());
        summary.put("schedule", flow.schedule().map(Schedule::toString).orElse(null));
        summary.put("paused", status.paused());
        summary.put("nextRun", status.nextRun().map(Instant::toString).orElse(null));
        summary.put("catchup", flow.catchup());
        summary.put("maxActiveRuns", flow.maxActiveRuns());
        summary.put("branch", flow.branchPerRun() ? "per-run" : "main");
        summary.put("tasks", flow.tasks().size());
        summary.put("source", flow.source());
        status.problem().ifPresent(problem -> summary.put("problem", problem));
        return summary;
    }

    private static Map<String, Object> task(Task task) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", task.name());
        json.put("kind", task.action().kind());
        json.put("what", switch (task.action()) {
            case TaskAction.Pipeline p -> p.pipeline() + (p.options().isEmpty() ? "" : " " + p.options());
            case TaskAction.Sql s -> s.engine() + ": " + s.statements().strip().lines().findFirst().orElse("");
            case TaskAction.Java j -> j.className();
            case TaskAction.Models m -> m.command() + " " + m.project();
        });
        json.put("after", task.after());
        json.put("retries", task.retries());
        json.put("retryDelay", RunExecution.describe(task.retryDelay()));
        json.put("timeout", task.timeout().map(RunExecution::describe).orElse(null));
        return json;
    }

    private static List<Map<String, Object>> runs(List<FlowRun> runs) {
        return runs.stream().map(FlowsApi::run).toList();
    }

    static Map<String, Object> run(FlowRun run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("flow", run.flow());
        json.put("runId", run.runId());
        json.put("runType", run.runType());
        json.put("logicalDate", run.logicalDate().toString());
        json.put("intervalStart", run.intervalStart().toString());
        json.put("intervalEnd", run.intervalEnd().toString());
        json.put("state", run.state().label());
        json.put("queuedAt", run.queuedAt().toString());
        json.put("startedAt", run.startedAt().map(Instant::toString).orElse(null));
        json.put("endedAt", run.endedAt().map(Instant::toString).orElse(null));
        json.put("branch", run.branch().orElse(null));
        json.put("mergeCommit", run.mergeCommit().orElse(null));
        json.put("error", run.error().orElse(null));
        return json;
    }

    private static Map<String, Object> detail(Flows.RunDetail detail) {
        Map<String, Object> json = run(detail.run());
        json.put("attempts", detail.attempts().stream().map(attempt -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("task", attempt.task());
            a.put("attempt", attempt.attempt());
            a.put("state", attempt.state().label());
            a.put("startedAt", attempt.startedAt().map(Instant::toString).orElse(null));
            a.put("endedAt", attempt.endedAt().map(Instant::toString).orElse(null));
            a.put("error", attempt.error().orElse(null));
            a.put("commit", attempt.commit().orElse(null));
            a.put("log", attempt.log());
            return a;
        }).toList());
        return json;
    }
}
