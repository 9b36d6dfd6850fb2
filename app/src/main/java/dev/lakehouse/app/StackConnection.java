package dev.lakehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.logging.LoggingSetup;
import dev.lakehouse.spi.Endpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.HashMap;
import java.util.Iterator;

import java.util.Map;
import java.util.Optional;

/**
 * What a command (branch, sql, topics...) talks to: the lakehouse running on the data directory, found
 * through its run/endpoints.json, or, when none runs there, the components the command needs started in
 * this process for the length of the command.
 */
final class StackConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Endpoint>> endpoints;
    private final Lakehouse embedded;

    private StackConnection(Map<String, Map<String, Endpoint>> endpoints, Lakehouse embedded) {
        this.endpoints = endpoints;
        this.embedded = embedded;
    }

    /**
     * A stack is running when its run file names a live process (a lakehouse started with the Java API
     * may have no console to ask).
     *
     * @throws CommandException when the running stack lacks a component the command needs
     */
    static StackConnection open(Path dataDir, String... services) throws IOException, InterruptedException {
        Optional<StackConnection> running = running(dataDir);
        if (running.isPresent()) {
            for (String service : services) {
                if (!running.get().endpoints.containsKey(service)) {
                    throw new CommandException("the lakehouse running on " + dataDir + " has no " + service
                            + " (it runs " + String.join(", ", running.get().endpoints.keySet()) + "); restart it with " + service);
                }
            }
            return running.get();
        }
        Terminal.ERR.println("No lakehouse is running on " + dataDir + ": starting " + String.join(", ", services)
                + " (and what it needs) for this command; it stops when the command ends...");
        LoggingSetup.toFile(dataDir);
        Lakehouse lakehouse = Lakehouse.builder().dataDir(dataDir).services(services).randomPorts().start();
        Map<String, Map<String, Endpoint>> found = new HashMap<>();
        lakehouse.status().forEach(status -> {
            Map<String, Endpoint> byName = new HashMap<>();
            status.endpoints().forEach(e -> byName.put(e.name(), e));
            found.put(status.name(), byName);
        });
        return new StackConnection(found, lakehouse);
    }

    /** The lakehouse running on the data directory, if one does (its run file names a live process). */
    static Optional<StackConnection> running(Path dataDir) throws IOException {
        Path runFile = dataDir.resolve("run").resolve("endpoints.json");
        if (Files.isRegularFile(runFile)) {
            JsonNode run = JSON.readTree(runFile.toFile());
            if (ProcessHandle.of(run.path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(new StackConnection(parse(run.path("services")), null));
            }
        }
        return Optional.empty();
    }

    /** Whether the stack runs a component. */
    boolean has(String service) {
        return endpoints.containsKey(service);
    }

    Endpoint endpoint(String service, String name) {
        Endpoint endpoint = endpoints.getOrDefault(service, Map.of()).get(name);
        if (endpoint == null) {
            throw new CommandException(service + " has no endpoint " + name);
        }
        return endpoint;
    }

    private static Map<String, Map<String, Endpoint>> parse(JsonNode services) {
        Map<String, Map<String, Endpoint>> result = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            Map<String, Endpoint> byName = new HashMap<>();
            service.getValue().path("endpoints").properties().forEach(e -> {
                Map<String, String> properties = new HashMap<>();
                e.getValue().path("properties").properties().forEach(p -> properties.put(p.getKey(), p.getValue().asText()));
                byName.put(e.getKey(), new Endpoint(e.getKey(), e.getValue().path("protocol").asText(),
                        URI.create(e.getValue().path("uri").asText()), properties));
            });
            result.put(service.getKey(), byName);
        }
        return result;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A command failed for a reason the user can act on: printed as one line, exit code 1. */
    static final class CommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandException(String message) {
            super(message);
        }
    }

}
