package dev.lakehouse.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lakehouse running on a data directory, as its {@code run/endpoints.json} describes it: written once the
 * stack is ready, removed when it stops. A file whose process is gone (after kill -9) is ignored.
 *
 * @param dataDir the data directory
 * @param pid the lakehouse's process
 * @param console where its console and control API listen
 * @param services the components it runs, with their endpoints as the run file has them
 * @param consoleToken the bearer token its control API requires (a lakehouse open to the network), if any
 */
public record RunningLakehouse(Path dataDir, long pid, URI console, Map<String, Object> services, Optional<String> consoleToken) {
    public RunningLakehouse {
        services = Map.copyOf(services);
        java.util.Objects.requireNonNull(consoleToken, "consoleToken");
    }

    public static Path runFile(Path dataDir) {
        return dataDir.resolve("run").resolve("endpoints.json");
    }

    /**
     * The lakehouse running on the data directory, if one does.
     *
     * @throws ApiException when one runs there without a console (started from Java without {@code withConsole()})
     */
    @SuppressWarnings("unchecked")
    public static Optional<RunningLakehouse> find(Path dataDir) throws IOException {
        Path file = runFile(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, Object> run;
        try {
            run = LakehouseClient.JSON_CODEC.mapFrom(Files.readString(file));
        } catch (IOException e) {
            // being replaced right now, or left half-written by a crash: no usable lakehouse either way
            return Optional.empty();
        }
        long pid = run.get("pid") instanceof Number number ? number.longValue() : -1;
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        Object console = run.get("console");
        if (console == null) {
            throw new ApiException(0, "the lakehouse running on " + dataDir + " (pid " + pid + ") has no console, which the"
                    + " command line talks to: it was started from Java without withConsole()");
        }
        Object services = run.get("services");
        return Optional.of(new RunningLakehouse(dataDir, pid, URI.create(console.toString()),
                services instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(),
                Optional.ofNullable(run.get("consoleToken")).map(Object::toString)));
    }

    /** The components it runs. */
    public Set<String> serviceNames() {
        return services.keySet();
    }
}
