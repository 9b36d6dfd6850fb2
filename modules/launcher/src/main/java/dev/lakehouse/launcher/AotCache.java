package dev.lakehouse.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JDK's ahead-of-time cache (JEP 483/515) for the lakehouse JVM: the classes of the application class
 * path (Spark above all) loaded and linked, and method profiles, mapped from a file instead of read from the
 * jars: starts take about two thirds of the time. The first start of the whole stack records which classes it uses
 * ({@code -XX:AOTMode=record}); when it has stopped, the launcher builds the cache from that record
 * ({@code -XX:AOTMode=create}, about ten seconds, once); every later start maps it ({@code -XX:AOTCache}).
 * One cache per unpacked payload and JDK build. LAKEHOUSE_AOT=off turns it off.
 */
final class AotCache {
    /** Commands that run briefly or partially: no good record of a start, but they use a cache that exists. */
    private static final Set<String> NOT_RECORDING = Set.of("status", "sql", "branch", "topics", "produce", "pipeline", "flow",
            "models", "stop", "cache",
            "demo", "reset", "sourcedb", "help", "-h", "--help", "-V", "--version");
    /** The JVM reports every class it cannot cache (signed jars, JFR events): nothing for the user. */
    private static final String QUIET = "-Xlog:aot*=off,cds*=off";

    private final Path cache;
    private final Path record;
    private final Path started;
    private final boolean enabled;
    private boolean recording;
    private boolean announced;

    private AotCache(Path cache, Path record, boolean enabled) {
        this.cache = cache;
        this.record = record;
        this.started = record.resolveSibling(record.getFileName() + ".started");
        this.enabled = enabled;
    }

    static AotCache in(Path payload) {
        String jdk = Runtime.version().toString().replaceAll("[^A-Za-z0-9.+-]", "_");
        Path cache = payload.resolve("aot").resolve("lakehouse-jdk" + jdk + ".aot");
        Path record = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid() + ".aotconf");
        return new AotCache(cache, record, !"off".equalsIgnoreCase(System.getenv("LAKEHOUSE_AOT")));
    }

    /** The JVM options for this run: map the cache, record a start, or nothing. */
    List<String> jvmOptions(List<String> args) throws IOException {
        if (!enabled) {
            return List.of();
        }
        if (Files.isRegularFile(cache)) {
            return withoutSpark(args) ? List.of() : List.of("-XX:AOTCache=" + cache, QUIET);
        }
        if (!isFullStart(args)) {
            return List.of();
        }
        Files.createDirectories(cache.getParent());
        recording = true;
        return List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + record, QUIET,
                "-D" + Launcher.STARTED_MARKER_PROPERTY + "=" + started);
    }

    /**
     * Only a start of the whole stack is recorded: a cache made by a partial start (--services storage)
     * would hold none of Spark's classes, and it is never recorded again while it exists.
     */
    static boolean isFullStart(List<String> args) {
        for (String arg : args) {
            if (NOT_RECORDING.contains(arg) || arg.equals("--services") || arg.startsWith("--services=")
                    || arg.contains("lakehouse.services")) {
                return false;
            }
        }
        return true;
    }

    /** Whether this run records a start (then {@link #create} builds the cache after it). */
    synchronized boolean recording() {
        return recording;
    }

    /**
     * A start that names its services and leaves Spark out does not map the cache: the cache is mostly
     * Spark, and mapping it costs such a start more memory (storage alone: 420 MB resident instead of
     * 190 MB) than it saves time (0.2 s).
     */
    static boolean withoutSpark(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String services = arg.startsWith("--services=") ? arg.substring("--services=".length())
                    : arg.equals("--services") && i + 1 < args.size() ? args.get(i + 1)
                    : arg.startsWith("lakehouse.services=") ? arg.substring("lakehouse.services=".length()) : null;
            if (services != null) {
                return !java.util.Arrays.asList(services.split(",")).contains("spark");
            }
        }
        return false;
    }

    /**
     * Tells the user, once, that the stop takes longer this time: the recorded JVM writes its record as it
     * exits (tens of seconds for the whole stack), then the cache is built. Called as soon as the stop
     * begins, so that wait is not silent.
     */
    synchronized void announce() {
        if (recording && Files.exists(started) && !Files.exists(cache)) {
            announceOnce();
        }
    }

    private void announceOnce() {
        if (!announced) {
            announced = true;
            System.out.println("Writing the startup cache that makes the next starts faster (first run only, about a minute)...");
        }
    }

    /**
     * After a recording run: builds the cache from the record with the same JVM options and class path,
     * then moves it into place (atomically: another run may have raced us to it). Only a run whose stack
     * got all the way up (it wrote the started marker) leaves a cache. A run that failed (a typo in the
     * configuration, a port in use) or was stopped while starting loaded only part of what a start loads, and
     * a cache that exists is never recorded again: every later start would map that poor one.
     *
     * @param jvm the java binary
     * @param jvmOptions the options the recorded run had, minus the recording ones
     * @param classPath its class path
     */
    synchronized void create(String jvm, List<String> jvmOptions, String classPath) {
        if (!recording) {
            return;
        }
        recording = false;
        Path building = cache.resolveSibling(record.getFileName() + ".aot");
        try {
            if (!Files.exists(started) || !Files.isRegularFile(record) || Files.size(record) == 0 || Files.exists(cache)) {
                return;
            }
            announceOnce();
            List<String> command = new ArrayList<>();
            command.add(jvm);
            command.addAll(jvmOptions);
            command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + record, "-XX:AOTCache=" + building,
                    QUIET, "-cp", classPath));
            Process create = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(new File(cache.resolveSibling("create.log").toString()))
                    .start();
            if (create.waitFor() == 0 && Files.isRegularFile(building) && !Files.exists(cache)) {
                try {
                    Files.move(building, cache, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(building, cache);
                }
                System.out.println("Startup cache written (" + (Files.size(cache) >> 20) + " MB): the next starts use it.");
            } else {
                System.out.println("No startup cache this time (" + cache.resolveSibling("create.log")
                        + " says why); the next start records one again.");
            }
        } catch (IOException e) {
            // a cache is an optimisation: without it the next start records one again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(record);
                Files.deleteIfExists(started);
                Files.deleteIfExists(building);
            } catch (IOException e) {
                // left for the payload's clean-up
            }
        }
    }
}
