package dev.lakehouse.runtime.logging;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one logging set-up of the process (conf/log4j2.xml): Log4j 2 behind SLF4J, which the isolated
 * modules share with the host, and java.util.logging bridged into it. One file per run under
 * {@code <data-dir>/logs/}; the console gets only the lakehouse's own warnings.
 */
public final class LoggingSetup {
    public static final String CONFIG_RESOURCE = "/dev/lakehouse/runtime/conf/log4j2.xml";
    private static final String QUIET_RESOURCE = "/dev/lakehouse/runtime/logging/quiet-log4j2.xml";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int KEPT_LOG_FILES = 20;

    private LoggingSetup() {
    }

    /**
     * To be called first thing in main, before any logger exists. The lakehouse stops its components from
     * its own shutdown hook and logs while doing so: Log4j must not close the log from a hook of its own
     * at the same moment (the configuration file cannot say so early enough).
     */
    public static void prepare() {
        System.setProperty("log4j2.shutdownHookEnabled", "false");
    }

    /**
     * For commands that only talk to a running stack: no log file and nothing on the console, but a
     * configured Log4j, so that libraries (Spark's client) do not announce their own fallback set-up. A
     * command that starts components switches to {@link #toFile} first.
     */
    public static void quiet() {
        URL config = LoggingSetup.class.getResource(QUIET_RESOURCE);
        try {
            System.setProperty("log4j2.configurationFile", config.toString());
            ((LoggerContext) LogManager.getContext(false)).setConfigLocation(config.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends all logging to a new file under {@code dataDir/logs} and returns that file. */
    public static synchronized Path toFile(Path dataDir) {
        Path logs = dataDir.resolve("logs");
        String current = System.getProperty("lakehouse.log.file");
        if (current != null && Path.of(current).getParent().equals(logs)) {
            return Path.of(current); // this run logs there already
        }
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log folder " + logs + ": " + e.getMessage(), e);
        }
        Path file = logs.resolve("lakehouse-" + LocalDateTime.now().format(FILE_TIME) + "-" + ProcessHandle.current().pid() + ".log");
        System.setProperty("lakehouse.log.file", file.toString());
        URL config = LoggingSetup.class.getResource(CONFIG_RESOURCE);
        try {
            System.setProperty("log4j2.configurationFile", config.toString());
            ((LoggerContext) LogManager.getContext(false)).setConfigLocation(config.toURI());
            // Log4j keeps a context per class loader: the isolated modules' loggers, made while the configuration
            // was checked, live in contexts of their own, which must log to the file too
            if (LogManager.getFactory() instanceof org.apache.logging.log4j.core.impl.Log4jContextFactory factory) {
                for (LoggerContext context : factory.getSelector().getLoggerContexts()) {
                    context.setConfigLocation(config.toURI());
                }
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        bridgeJavaUtilLogging();
        removeOldLogs(logs);
        return file;
    }

    /**
     * For a lakehouse inside another program (a test suite): its logging goes to a file under {@code dir}
     * when the program has no Log4j configuration of its own (else Spark prints its INFO lines to the
     * console); a program that configured Log4j keeps its configuration.
     */
    public static Optional<Path> toFileUnlessConfigured(Path dir) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (!(context.getConfiguration() instanceof org.apache.logging.log4j.core.config.DefaultConfiguration)) {
            return Optional.empty();
        }
        return Optional.of(toFile(dir));
    }

    private static void bridgeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
    }

    private static void removeOldLogs(Path logs) {
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> runs = files.filter(f -> f.getFileName().toString().matches("lakehouse-.*\\.log"))
                    .sorted(Comparator.comparing(Path::getFileName).reversed())
                    .toList();
            for (Path old : runs.subList(Math.min(KEPT_LOG_FILES, runs.size()), runs.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // keeping old logs around is harmless
        }
    }

    /** The file this process logs into, once {@link #toFile} chose one. */
    public static Optional<Path> currentFile() {
        return Optional.ofNullable(System.getProperty("lakehouse.log.file")).map(Path::of);
    }

    /** Flushes and closes the log file (the configuration leaves this to us, after the components stopped). */
    public static void shutdown() {
        LogManager.shutdown();
    }
}
