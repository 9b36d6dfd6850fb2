package dev.lakehouse.client.cli.sql;

import dev.lakehouse.client.ApiException;
import dev.lakehouse.client.EventStream;
import dev.lakehouse.client.LakehouseClient;
import dev.lakehouse.client.cli.CancelOnInterrupt;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A SQL session inside the running lakehouse (a Trino connection or a Spark session of its own there), so USE,
 * SET and temporary views last from one statement to the next. Rows stream back as the engine produces them;
 * Ctrl-C cancels the statement in the lakehouse.
 */
public final class RemoteSqlSession implements AutoCloseable {
    private final LakehouseClient client;
    private final String engine;
    private final String catalog;
    private final String id = UUID.randomUUID().toString();

    public RemoteSqlSession(LakehouseClient client, String engine, String catalog) {
        this.client = client;
        this.engine = engine;
        this.catalog = catalog;
    }

    public String engine() {
        return engine;
    }

    /**
     * Runs one statement and prints its answer; an engine's refusal is one line on {@code err}. Ctrl-C (the end
     * of this process) cancels the statement in the lakehouse.
     */
    public boolean execute(String statement, ResultFormat format, PrintStream out, PrintStream err) throws IOException {
        try (CancelOnInterrupt cancel = new CancelOnInterrupt(client)) {
            return execute(statement, cancel.operationId(), cancel::interrupted, format, out, err);
        }
    }

    /** Cancels the statement running as {@code operationId} (the shell's Ctrl-C, which does not end the process). */
    public void cancel(String operationId) {
        client.cancel(operationId);
    }

    /** Runs one statement under the given operation id, which {@link #cancel(String)} stops. */
    @SuppressWarnings("unchecked")
    public boolean execute(String statement, String operationId, java.util.function.BooleanSupplier cancelled, ResultFormat format,
                           PrintStream out, PrintStream err) throws IOException {
        ResultFormat.Printer printer = format.printer(out);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("session", id);
        request.put("operation", operationId);
        request.put("engine", engine);
        if (catalog != null) {
            request.put("catalog", catalog);
        }
        request.put("statement", statement);
        try (EventStream events = client.stream("/api/sql", request)) {
            long rows = 0;
            for (Optional<Map<String, Object>> event = events.next(); event.isPresent(); event = events.next()) {
                Map<String, Object> e = event.get();
                if (e.containsKey("row")) {
                    printer.row((List<Object>) e.get("row"));
                    rows++;
                } else if (e.containsKey("columns")) {
                    List<String> names = new ArrayList<>();
                    ((List<Map<String, Object>>) e.get("columns")).forEach(column -> names.add(String.valueOf(column.get("name"))));
                    printer.columns(names);
                } else if (e.containsKey("done")) {
                    Map<String, Object> done = (Map<String, Object>) e.get("done");
                    printer.end(rows, done.get("updateCount") instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty());
                    return true;
                } else if (e.containsKey("error")) {
                    Map<String, Object> error = (Map<String, Object>) e.get("error");
                    err.println("lakehouse: " + (cancelled.getAsBoolean() ? "the statement was cancelled"
                            : engine + " rejected the statement: " + error.get("message")));
                    return false;
                }
            }
            err.println("lakehouse: the lakehouse stopped answering in the middle of the statement (did it stop?)");
            return false;
        } catch (ApiException e) {
            err.println("lakehouse: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        try {
            client.delete("/api/sql/sessions/" + LakehouseClient.encode(id));
        } catch (IOException | ApiException e) {
            // the lakehouse forgets idle sessions by itself
        }
    }
}
