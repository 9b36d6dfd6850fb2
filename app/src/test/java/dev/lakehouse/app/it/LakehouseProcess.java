package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * lakehouse.jar run the way a user runs it: {@code java -jar lakehouse.jar ARGS} in a process of its own,
 * with its output kept for assertions. Closing it sends SIGTERM (as Ctrl-C would) and waits.
 */
public final class LakehouseProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dataDir;
    private final Path stdout;
    private final Path stderr;

    private LakehouseProcess(Process process, Path dataDir, Path stdout, Path stderr) {
        this.process = process;
        this.dataDir = dataDir;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("lakehouse.jar", "target/lakehouse.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with ./mvnw verify, which builds it first");
        }
        return jar;
    }

    /** The java of this test JVM (a JDK 25). */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts {@code java -jar lakehouse.jar --data-dir DIR ARGS} and returns at once. */
    public static LakehouseProcess start(Path dataDir, String... args) throws IOException {
        return startWith(java(), dataDir, Map.of(), args);
    }

    public static LakehouseProcess startWith(String java, Path dataDir, Map<String, String> environment, String... args)
            throws IOException {
        return startWith(java, dataDir, environment, ProcessBuilder.Redirect.PIPE, args);
    }

    /** As {@link #startWith(String, Path, Map, String...)}, with its stdin from {@code input}. */
    public static LakehouseProcess startWith(String java, Path dataDir, Map<String, String> environment, ProcessBuilder.Redirect input,
                                             String... args) throws IOException {
        Files.createDirectories(dataDir);
        Path out = Files.createTempFile("lakehouse-out", ".txt");
        Path err = Files.createTempFile("lakehouse-err", ".txt");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString(), "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(input);
        builder.environment().putAll(environment);
        return new LakehouseProcess(builder.start(), dataDir, out, err);
    }

    /** Runs a command to its end (e.g. status) and returns its exit code and output; its stdin is empty (/dev/null). */
    public static Result run(Path dataDir, Duration timeout, String... args) throws IOException, InterruptedException {
        try (LakehouseProcess process = startWith(java(), dataDir, Map.of(), ProcessBuilder.Redirect.from(new java.io.File("/dev/null")), args)) {
            int exit = process.waitForExit(timeout);
            return new Result(exit, process.stdout(), process.stderr());
        }
    }

    /** What a finished command left behind. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** stderr without blank lines. */
        public List<String> errorLines() {
            return stderr.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    /** Waits until /health answers 200 and the run file is written; fails if the process ends first. */
    public LakehouseProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path runFile = dataDir.resolve("run/endpoints.json");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("lakehouse exited with " + process.exitValue() + " before it was ready:\n"
                        + stdout() + stderr());
            }
            // the run file of this start (one a killed lakehouse left names a process that is gone)
            if (Files.isRegularFile(runFile) && runFilePidAlive(runFile)) {
                return this;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("lakehouse not ready after " + timeout + ":\n" + stdout() + stderr());
    }

    private static boolean runFilePidAlive(Path runFile) {
        try {
            return ProcessHandle.of(JSON.readTree(runFile.toFile()).path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException e) {
            return false; // being written
        }
    }

    public JsonNode runFile() throws IOException {
        return JSON.readTree(dataDir.resolve("run/endpoints.json").toFile());
    }

    /** An endpoint from run/endpoints.json. */
    public URI endpoint(String service, String name) throws IOException {
        return URI.create(runFile().path("services").path(service).path("endpoints").path(name).path("uri").asText());
    }

    public String endpointProperty(String service, String name, String property) throws IOException {
        return runFile().path("services").path(service).path("endpoints").path(name).path("properties").path(property).asText();
    }

    public URI consoleUri() throws IOException {
        return URI.create(runFile().path("console").asText());
    }

    public Path dataDir() {
        return dataDir;
    }

    public Process process() {
        return process;
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("lakehouse still running after " + timeout + ":\n" + stdout() + stderr());
        }
        return process.exitValue();
    }

    /** SIGTERM, as a service manager or Ctrl-C would, then wait for the whole process tree to end. */
    public int stop() throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        for (ProcessHandle child : tree) {
            child.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
        }
        if (!ended) {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            throw new IllegalStateException("lakehouse did not stop within 60 s of SIGTERM:\n" + stdout() + stderr());
        }
        return process.exitValue();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
