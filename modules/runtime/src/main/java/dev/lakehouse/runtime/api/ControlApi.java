package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.runtime.ErrorText;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.branch.Branches;
import dev.lakehouse.runtime.console.StatusReport;
import dev.lakehouse.runtime.logging.LoggingSetup;
import dev.lakehouse.runtime.pipeline.PipelineRun;
import dev.lakehouse.runtime.pipeline.PipelineRuns;
import dev.lakehouse.runtime.sql.ResultSink;
import dev.lakehouse.runtime.sql.SqlSession;
import dev.lakehouse.runtime.topic.Topics;
import dev.lakehouse.spark.pipeline.InvalidOptionException;
import dev.lakehouse.spark.pipeline.NessieBranches;
import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.Pipelines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control API of a running lakehouse, under /api on the console port: what the command line's client
 * commands (sql, branch, topics, produce, pipeline run, status) call, so that the work runs here, in the one
 * process that already has Spark, Trino and the clients warm. Long work streams JSON lines back and stops on
 * {@code DELETE /api/operations/ID} or when its client goes away.
 */
public final class ControlApi {
    /** How often a quiet stream says it is alive, which is also how soon a vanished client is noticed. */
    private static final long HEARTBEAT_SECONDS = 5;

    /** One registry for every route, the extensions' too: the client cancels by id, whatever runs under it. */
    private static final Operations OPERATIONS = new Operations();

    private final Lakehouse lakehouse;
    private final Operations operations = OPERATIONS;

    private ControlApi(Lakehouse lakehouse) {
        this.lakehouse = lakehouse;
    }

    /** The routes of the API, answered for {@code lakehouse}. */
    public static Router routes(Lakehouse lakehouse, ObjectMapper json) {
        ControlApi api = new ControlApi(lakehouse);
        Router router = new Router(json)
                .get("/api/status", exchange -> exchange.json(200, StatusReport.of(lakehouse)))
                .delete("/api/operations/{id}", api::cancel)
                .post("/api/sql", api::sql)
                .delete("/api/sql/sessions/{id}", api::closeSqlSession)
                .get("/api/pipelines", api::pipelines)
                .get("/api/pipelines/runs", api::pipelineRuns)
                .post("/api/pipelines/{name}/runs", api::runPipeline)
                .get("/api/branches", api::branches)
                .post("/api/branches", api::createBranch)
                .post("/api/branches/{name}/merge", api::mergeBranch)
                .delete("/api/branches/{name}", api::deleteBranch)
                .get("/api/branches/{name}/log", api::branchLog)
                .get("/api/topics", api::topics)
                .post("/api/topics", api::createTopic)
                .get("/api/topics/{name}", api::describeTopic)
                .get("/api/topics/{name}/messages", api::lastMessages)
                .delete("/api/topics/{name}", api::deleteTopic)
                .post("/api/topics/{name}/messages", api::produceLines)
                .post("/api/topics/{name}/readings", api::produceReadings);
        // the console's pages' reads, each in a file of its own
        StorageApi.addRoutes(router, lakehouse);
        ConsumerGroupsApi.addRoutes(router, lakehouse);
        BranchChangesApi.addRoutes(router, lakehouse);
        dev.lakehouse.runtime.notebook.NotebooksApi.addRoutes(router, lakehouse);
        java.util.ServiceLoader.load(ApiExtension.class, ControlApi.class.getClassLoader())
                .forEach(extension -> extension.addRoutes(router, lakehouse));
        return router;
    }

    /** Registers work a client can cancel with {@code DELETE /api/operations/ID} (for the routes of extensions). */
    public static Operations.Registration registerOperation(String id, Runnable cancel) {
        return OPERATIONS.register(id, cancel::run);
    }

    private void cancel(ApiExchange exchange) throws Exception {
        boolean found = operations.cancel(exchange.path("id"));
        exchange.json(found ? 200 : 404, Map.of("cancelled", found));
    }

    // --- sql -----------------------------------------------------------------------------------------------

    private void sql(ApiExchange exchange) throws Exception {
        Map<String, Object> request = exchange.body();
        String statement = text(request, "statement");
        String engine = String.valueOf(request.getOrDefault("engine", "trino"));
        if (request.get("catalog") != null && !(request.get("catalog") instanceof String)) {
            throw HttpError.badRequest("\"catalog\" must be a string, not " + request.get("catalog"));
        }
        Object givenSession = request.get("session");
        if (givenSession != null && !(givenSession instanceof String)) {
            throw HttpError.badRequest("\"session\" must be a string, not " + givenSession);
        }
        boolean temporary = givenSession == null;
        // a one-shot statement's session is closed by this id when it ends (closing null left it open for an hour)
        String sessionId = temporary ? "api-" + UUID.randomUUID() : (String) givenSession;
        SqlSession session;
        try {
            session = lakehouse.sql().session(sessionId, engine, exchange.user(),
                    (String) request.get("catalog"));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw HttpError.unavailable(e.getMessage());
        } catch (Exception e) {
            throw HttpError.badRequest(engine + " refused the session: " + ErrorText.firstLine(e));
        }
        EventWriter events = exchange.stream();
        try (Operations.Registration ignored = operations.register(operation(request), session::cancel)) {
            session.execute(statement, new ResultSink() {
                @Override
                public void columns(List<Column> columns) {
                    events.event("columns", columns);
                }

                @Override
                public void row(List<Object> values) {
                    events.event("row", values);
                }

                @Override
                public void done(OptionalLong updateCount) {
                    Map<String, Object> done = new LinkedHashMap<>();
                    done.put("updateCount", updateCount.isPresent() ? updateCount.getAsLong() : null);
                    events.event("done", done);
                }
            });
        } catch (EventWriter.ClientGone e) {
            session.cancel();
            throw e;
        } catch (Exception e) {
            events.event("error", Map.of("message", ErrorText.firstLine(e)));
        } finally {
            if (temporary) {
                lakehouse.sql().close(sessionId);
            }
        }
    }

    private void closeSqlSession(ApiExchange exchange) throws Exception {
        lakehouse.sql().close(exchange.path("id"));
        exchange.json(200, Map.of("closed", true));
    }

    // --- pipelines -----------------------------------------------------------------------------------------

    private void pipelines(ApiExchange exchange) throws Exception {
        Map<String, String> available = PipelineRuns.available();
        exchange.json(200, available.entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "description", e.getValue())).toList());
    }

    private void pipelineRuns(ApiExchange exchange) throws Exception {
        exchange.json(200, pipelines().runs().stream().map(ControlApi::describe).toList());
    }

    @SuppressWarnings("unchecked")
    private void runPipeline(ApiExchange exchange) throws Exception {
        String name = exchange.path("name");
        Map<String, Object> request = exchange.body();
        Map<String, String> options = new LinkedHashMap<>();
        if (request.get("options") instanceof Map<?, ?> given) {
            ((Map<String, Object>) given).forEach((key, value) -> options.put(key, String.valueOf(value)));
        }
        boolean untilIdle = Boolean.TRUE.equals(request.get("untilIdle"));
        PipelineRuns runs = pipelines();
        try {
            Pipeline pipeline = Pipelines.named(name);
            for (String service : pipeline.services()) {
                if (!lakehouse.services().contains(service)) {
                    throw HttpError.unavailable(name + " needs " + service + ", which this lakehouse does not run (it runs "
                            + String.join(", ", lakehouse.services()) + ")");
                }
            }
            pipeline.checkOptions(options);
        } catch (InvalidOptionException e) {
            throw HttpError.badRequest(name + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw HttpError.notFound(e.getMessage());
        }
        EventWriter events = exchange.stream();
        // progress comes from the pipeline's thread: a vanished client must not fail the pipeline itself
        AtomicBoolean clientGone = new AtomicBoolean();
        PipelineRun run;
        try {
            run = runs.start(name, untilIdle, options, line -> {
                if (!clientGone.get()) {
                    try {
                        events.event("progress", line);
                    } catch (EventWriter.ClientGone e) {
                        clientGone.set(true);
                    }
                }
            });
        } catch (RuntimeException e) {
            events.event("error", Map.of("message", ErrorText.firstLine(e)));
            return;
        }
        try (Operations.Registration ignored = operations.register(operation(request), run::cancel)) {
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("id", run.id());
            LoggingSetup.currentFile().ifPresent(log -> started.put("log", log.toString()));
            events.event("started", started);
            while (run.result().isEmpty()) {
                try {
                    run.await(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    try {
                        events.event("heartbeat", run.id());
                    } catch (EventWriter.ClientGone gone) {
                        clientGone.set(true);
                    }
                }
                if (clientGone.get()) {
                    run.cancel();
                    run.await();
                    return;
                }
            }
            events.event("done", describe(run));
        }
    }

    private static Map<String, Object> describe(PipelineRun run) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("id", run.id());
        description.put("pipeline", run.pipeline());
        description.put("startedAt", run.startedAt().toString());
        description.put("status", run.status().name());
        run.result().ifPresent(outcome -> {
            description.put("seconds", outcome.took().toMillis() / 1000.0);
            if (!outcome.message().isEmpty()) {
                description.put("message", outcome.message());
            }
            outcome.auditBranch().ifPresent(branch -> description.put("branch", branch));
            if (!outcome.auditFailures().isEmpty()) {
                description.put("failures", outcome.auditFailures());
            }
        });
        LoggingSetup.currentFile().ifPresent(log -> description.put("log", log.toString()));
        return description;
    }

    private PipelineRuns pipelines() {
        try {
            return lakehouse.pipelines();
        } catch (IllegalStateException e) {
            throw HttpError.unavailable(e.getMessage());
        }
    }

    // --- branches ------------------------------------------------------------------------------------------

    private void branches(ApiExchange exchange) throws Exception {
        exchange.json(200, branchCall(() -> branchesOf().list()));
    }

    private void createBranch(ApiExchange exchange) throws Exception {
        Map<String, Object> request = exchange.body();
        String name = text(request, "name");
        String from = String.valueOf(request.getOrDefault("from", "main"));
        NessieBranches.Reference created = branchCall(() -> branchesOf().create(name, from));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", created.name());
        answer.put("type", created.type());
        answer.put("hash", created.hash());
        answer.put("sparkCatalog", "lakehouse_" + created.name());
        answer.put("trinoCatalog", "iceberg_" + created.name().toLowerCase(java.util.Locale.ROOT));
        exchange.json(201, answer);
    }

    private void mergeBranch(ApiExchange exchange) throws Exception {
        String into = String.valueOf(exchange.body().getOrDefault("into", "main"));
        NessieBranches.Merge merge = branchCall(() -> branchesOf().merge(exchange.path("name"), into, exchange.user()));
        exchange.json(200, Map.of("merged", merge.applied(), "head", merge.head()));
    }

    private void deleteBranch(ApiExchange exchange) throws Exception {
        branchCall(() -> {
            branchesOf().delete(exchange.path("name"));
            return null;
        });
        exchange.json(200, Map.of("deleted", exchange.path("name")));
    }

    private void branchLog(ApiExchange exchange) throws Exception {
        int max = exchange.query("max").map(Integer::parseInt).orElse(20);
        exchange.json(200, branchCall(() -> branchesOf().log(exchange.path("name"), max)));
    }

    private Branches branchesOf() {
        return branches(lakehouse);
    }

    /** The lakehouse's branches; 503 when it runs no catalog. */
    static Branches branches(Lakehouse lakehouse) {
        try {
            return lakehouse.branches();
        } catch (IllegalStateException e) {
            throw HttpError.unavailable(e.getMessage());
        }
    }

    interface Call<T> {
        T call() throws Exception;
    }

    /** A call to Nessie, its refusal answered with Nessie's status (a 4xx) or 502. */
    static <T> T branchCall(Call<T> call) throws Exception {
        try {
            return call.call();
        } catch (NessieBranches.NessieException e) {
            throw new HttpError(e.status() >= 400 && e.status() < 500 ? e.status() : 502, "the catalog refused: " + e.getMessage());
        }
    }

    // --- topics --------------------------------------------------------------------------------------------

    private void topics(ApiExchange exchange) throws Exception {
        exchange.json(200, topicCall(() -> topicsOf().list()));
    }

    private void createTopic(ApiExchange exchange) throws Exception {
        Map<String, Object> request = exchange.body();
        String name = text(request, "name");
        // "many", 2.5 or -1 would otherwise become some other number of partitions than the user asked for
        Object given = request.getOrDefault("partitions", 1);
        if (!(given instanceof Integer whole) || whole < 1) {
            throw HttpError.badRequest("\"partitions\" must be a whole number of at least 1, not " + given);
        }
        int partitions = whole;
        topicCall(() -> {
            topicsOf().create(name, partitions);
            return null;
        });
        exchange.json(201, Map.of("name", name, "partitions", partitions));
    }

    private void describeTopic(ApiExchange exchange) throws Exception {
        exchange.json(200, topicCall(() -> topicsOf().describe(exchange.path("name"))));
    }

    /** The console's look at a topic: its newest messages, at most {@code ?max=} (20 unless asked, 1 to 500). */
    private void lastMessages(ApiExchange exchange) throws Exception {
        String given = exchange.query("max").orElse("20");
        int max;
        try {
            max = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("max must be a whole number from 1 to 500, not " + given);
        }
        if (max < 1 || max > 500) {
            throw HttpError.badRequest("max must be a whole number from 1 to 500, not " + given);
        }
        exchange.json(200, topicCall(() -> topicsOf().lastMessages(exchange.path("name"), max)));
    }

    private void deleteTopic(ApiExchange exchange) throws Exception {
        topicCall(() -> {
            topicsOf().delete(exchange.path("name"));
            return null;
        });
        exchange.json(200, Map.of("deleted", exchange.path("name")));
    }

    private void produceLines(ApiExchange exchange) throws Exception {
        Topics.Produced produced = topicCall(() -> topicsOf().produceLines(exchange.path("name"), exchange.rawBody(), () -> false));
        exchange.json(200, produced);
    }

    private void produceReadings(ApiExchange exchange) throws Exception {
        Map<String, Object> request = exchange.body();
        long count = number(request, "count", 0);
        long rate = number(request, "rate", 0);
        if (count < 0 || rate < 0 || count == 0 && rate == 0) {
            throw HttpError.badRequest("readings need a count, or a rate to send at until cancelled");
        }
        int sensors = (int) number(request, "sensors", 50);
        if (sensors < 1) {
            throw HttpError.badRequest("sensors: at least 1");
        }
        long seed = number(request, "seed", 42);
        Topics topics = topicsOf();
        EventWriter events = exchange.stream();
        AtomicBoolean cancelled = new AtomicBoolean();
        try (Operations.Registration ignored = operations.register(operation(request), () -> cancelled.set(true))) {
            Topics.Produced produced = topics.produceReadings(exchange.path("name"), count, rate, sensors, seed, cancelled::get,
                    sent -> events.event("progress", Map.of("sent", sent)));
            events.event("done", produced);
        } catch (EventWriter.ClientGone e) {
            throw e;
        } catch (Exception e) {
            events.event("error", Map.of("message", ErrorText.firstLine(e)));
        }
    }

    private Topics topicsOf() {
        try {
            return lakehouse.topics();
        } catch (IllegalStateException e) {
            throw HttpError.unavailable(e.getMessage());
        }
    }

    private static <T> T topicCall(Call<T> call) throws Exception {
        try {
            return call.call();
        } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    // --- request values ------------------------------------------------------------------------------------

    private static String text(Map<String, Object> request, String key) {
        Object value = request.get(key);
        if (value == null || value.toString().isBlank()) {
            throw HttpError.badRequest("the request needs \"" + key + "\"");
        }
        // 42 or ["x"] are a client's mistake, not SQL or a name to run with
        if (!(value instanceof String text)) {
            throw HttpError.badRequest("\"" + key + "\" must be a string, not " + value);
        }
        return text;
    }

    private static long number(Map<String, Object> request, String key, long otherwise) {
        Object value = request.get(key);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw HttpError.badRequest("\"" + key + "\" must be a number, not " + value);
    }

    private static String operation(Map<String, Object> request) {
        Object id = request.get("operation");
        return id == null ? null : id.toString();
    }
}
