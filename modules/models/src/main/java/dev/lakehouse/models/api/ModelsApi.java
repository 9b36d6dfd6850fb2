package dev.lakehouse.models.api;

import dev.lakehouse.models.Cancellation;
import dev.lakehouse.models.Models;
import dev.lakehouse.models.ModelsOptions;
import dev.lakehouse.models.ModelsResult;
import dev.lakehouse.models.NodeResult;
import dev.lakehouse.runtime.ErrorText;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.api.ApiExchange;
import dev.lakehouse.runtime.api.ApiExtension;
import dev.lakehouse.runtime.api.ControlApi;
import dev.lakehouse.runtime.api.EventWriter;
import dev.lakehouse.runtime.api.HttpError;
import dev.lakehouse.runtime.api.Operations;
import dev.lakehouse.runtime.api.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control API's /api/models routes (what {@code lakehouse models ...} calls):
 * <ul>
 * <li>{@code POST /api/models/runs}: runs a command on a project folder of this machine; answers JSON lines,
 * {@code {"line": ...}} as dbt prints them, then {@code {"done": {...}}}; {@code DELETE /api/operations/ID}
 * (the client's Ctrl-C) stops it;</li>
 * <li>{@code POST /api/models/init}: writes the sample project into a new folder;</li>
 * <li>{@code GET /api/models/lineage?project=DIR}: the project's graph of sources, seeds, models and tests
 * (the console's Models page).</li>
 * </ul>
 */
public final class ModelsApi implements ApiExtension {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsApi.class);
    /** How often a quiet run says it is alive, which is also how soon a vanished client is noticed. */
    private static final long HEARTBEAT_SECONDS = 5;

    @Override
    public void addRoutes(Router router, Lakehouse lakehouse) {
        Models models = new Models(lakehouse);
        router.post("/api/models/runs", exchange -> run(exchange, lakehouse, models));
        router.post("/api/models/init", ModelsApi::init);
        router.get("/api/models/lineage", exchange -> exchange.json(200, ModelsLineage.of(directory(Map.<String, Object>of("project",
                exchange.query("project").orElse("")), "project"))));
    }

    private static void init(ApiExchange exchange) throws Exception {
        Map<String, Object> request = exchange.body();
        Path directory = directory(request, "directory");
        try {
            List<String> files = Models.writeSample(directory);
            exchange.json(201, Map.of("directory", directory.toString(), "files", files));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static void run(ApiExchange exchange, Lakehouse lakehouse, Models models) throws Exception {
        Map<String, Object> request = exchange.body();
        Path project = directory(request, "project");
        if (!Files.isDirectory(project)) {
            throw HttpError.badRequest("no folder " + project + " (--project is the folder of a dbt project, the one with dbt_project.yml)");
        }
        ModelsOptions options = options(request, exchange.user());
        if (options.command() != ModelsOptions.Command.LS) {
            String engine = options.engine().label();
            if (!lakehouse.services().contains(engine)) {
                throw HttpError.unavailable("models on " + engine + " need " + engine + ", which this lakehouse does not run (it runs "
                        + String.join(", ", lakehouse.services()) + ")");
            }
        }
        EventWriter events = exchange.stream();
        AtomicBoolean clientGone = new AtomicBoolean();
        Cancellation cancellation = new Cancellation();
        String operation = request.get("operation") == null ? null : request.get("operation").toString();
        try (Operations.Registration ignored = ControlApi.registerOperation(operation, cancellation::cancel)) {
            // the run is on a (platform: Spark keeps its job group in thread locals) thread of its own: this one
            // heartbeats, and notices a client that has gone
            CompletableFuture<ModelsResult> run = CompletableFuture.supplyAsync(() -> models.run(project, options, line -> {
                if (!clientGone.get()) {
                    try {
                        events.event("line", line);
                    } catch (EventWriter.ClientGone e) {
                        clientGone.set(true);
                        cancellation.cancel();
                    }
                }
            }, cancellation), runnable -> Thread.ofPlatform().daemon().name("models-run").start(runnable));
            ModelsResult result = null;
            while (result == null) {
                try {
                    result = run.get(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    try {
                        events.event("heartbeat", "models");
                    } catch (EventWriter.ClientGone gone) {
                        clientGone.set(true);
                        cancellation.cancel();
                    }
                } catch (ExecutionException e) {
                    LOG.warn("models run on {} failed", project, e.getCause());
                    events.event("error", Map.of("message", ErrorText.firstLine(e.getCause())));
                    return;
                }
            }
            if (!clientGone.get()) {
                events.event("done", describe(result));
            }
        }
    }

    private static Map<String, Object> describe(ModelsResult result) {
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("success", result.success());
        done.put("exitCode", result.exitCode());
        done.put("cancelled", result.cancelled());
        done.put("elapsed", result.elapsed());
        done.put("branch", result.branch());
        done.put("published", result.published());
        done.put("message", result.message());
        done.put("target", result.target().toString());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (NodeResult node : result.results()) {
            counts.merge(node.status(), 1L, Long::sum);
        }
        done.put("counts", counts);
        return done;
    }

    private static Path directory(Map<String, Object> request, String key) {
        Object value = request.get(key);
        if (value == null || value.toString().isBlank()) {
            throw HttpError.badRequest("the request needs \"" + key + "\" (an absolute path on this machine)");
        }
        Path path = Path.of(value.toString());
        if (!path.isAbsolute()) {
            throw HttpError.badRequest("\"" + key + "\" must be an absolute path (the lakehouse's working directory is not the client's)");
        }
        return path.normalize();
    }

    /** The options as the client sends them (the command line's names). */
    @SuppressWarnings("unchecked")
    static ModelsOptions options(Map<String, Object> request, String user) {
        try {
            ModelsOptions.Command command = ModelsOptions.Command.of(String.valueOf(request.getOrDefault("command", "build")));
            ModelsOptions.Engine engine = ModelsOptions.Engine.of(String.valueOf(request.getOrDefault("engine", "trino")));
            Map<String, Object> vars = new LinkedHashMap<>();
            Object given = request.get("vars");
            if (given instanceof Map<?, ?> map) {
                map.forEach((k, v) -> vars.put(String.valueOf(k), v));
            } else if (given != null) {
                vars.putAll(ModelsOptions.parseVars(given.toString()));
            }
            return new ModelsOptions(command, strings(request.get("select")), strings(request.get("exclude")), engine,
                    text(request.get("schema")), text(request.get("branch")), Boolean.TRUE.equals(request.get("publish")),
                    Boolean.TRUE.equals(request.get("fullRefresh")), vars, text(request.get("target")), user);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        } else if (value != null && !value.toString().isBlank()) {
            strings.add(value.toString());
        }
        return strings;
    }
}
