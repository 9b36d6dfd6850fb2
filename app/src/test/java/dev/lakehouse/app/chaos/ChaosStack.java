package dev.lakehouse.app.chaos;

import dev.lakehouse.app.it.LakehouseProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** One start of lakehouse.jar on the experiment's data directory, with its endpoints read from its run file. */
final class ChaosStack implements AutoCloseable {
    private final LakehouseProcess process;
    private final ControlApiClient api;
    private final double startSeconds;

    private ChaosStack(LakehouseProcess process, double startSeconds) throws IOException {
        this.process = process;
        this.api = new ControlApiClient(process.consoleUri());
        this.startSeconds = startSeconds;
    }

    /** Starts the whole stack (random ports, so experiments beside other work never clash) and waits until it is ready. */
    static ChaosStack start(Path dataDir, String... extraArgs) throws Exception {
        String[] args = new String[extraArgs.length + 2];
        args[0] = "--ports";
        args[1] = "random";
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        long begin = System.nanoTime();
        // no JDK AOT cache: a first clean stop writes one for a minute, which is not what these runs look at
        LakehouseProcess process = LakehouseProcess.startWith(LakehouseProcess.java(), dataDir, Map.of("LAKEHOUSE_AOT", "off"), args);
        try {
            process.awaitReady(Duration.ofMinutes(5));
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new ChaosStack(process, (System.nanoTime() - begin) / 1e9);
    }

    LakehouseProcess process() {
        return process;
    }

    ControlApiClient api() {
        return api;
    }

    /** From the start of {@code java -jar} to the lakehouse ready. */
    double startSeconds() {
        return startSeconds;
    }

    /** The stack's JVM (the launcher's child), as the run file names it. */
    long pid() throws IOException {
        return process.runFile().path("pid").asLong();
    }

    String kafkaBootstrap() throws IOException {
        return process.endpointProperty("kafka", "bootstrap", "bootstrap-servers");
    }

    Connection trino() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "chaos");
        return DriverManager.getConnection(process.endpointProperty("trino", "http", "jdbc-url"), properties);
    }

    /** kill -9 of the stack's JVM, at once: no shutdown hook runs, nothing is flushed. */
    void kill() throws Exception {
        new ProcessBuilder("kill", "-9", String.valueOf(pid())).inheritIO().start().waitFor();
        process.waitForExit(Duration.ofMinutes(1));
    }

    /** Stops the stack (SIGTERM); one that does not stop is killed, and said so, without hiding what the run found. */
    @Override
    public void close() {
        try {
            process.close();
        } catch (RuntimeException e) {
            System.err.println("the chaos stack did not stop cleanly: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
