package dev.lakehouse.junit;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.LakehouseBuilder;
import dev.lakehouse.runtime.logging.LoggingSetup;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The lakehouses of this test JVM, one per set of services, started on first use and closed (their data
 * directories deleted) when the JVM's tests are done. Spark is one per JVM: every class that asks for Spark
 * shares the first Spark lakehouse, which must run what it asks for.
 */
final class SharedLakehouses {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SharedLakehouses.class);

    private SharedLakehouses() {
    }

    /** A test's lakehouse needs no UI, no Connect server and no warm-up: the first test is what counts. */
    static final Map<String, String> DEFAULTS = Map.of(
            "spark.ui-enabled", "false",
            "spark.connect-enabled", "false",
            "spark.warm-up", "false");

    static Lakehouse forServices(ExtensionContext context, List<String> services, Map<String, String> settings) {
        ExtensionContext.Store store = context.getRoot().getStore(STORE);
        Set<String> asked = new TreeSet<>(services);
        if (asked.contains("spark")) {
            Running spark = store.getOrComputeIfAbsent("spark", key -> start(asked, settings), Running.class);
            if (!spark.lakehouse().services().containsAll(asked)) {
                throw new IllegalStateException("this test JVM runs one lakehouse with Spark (" + spark.lakehouse().services()
                        + "), which lacks some of " + asked + ": a JVM holds one SparkContext, so ask for the same services "
                        + "in every @LakehouseTest class that uses Spark");
            }
            return spark.lakehouse();
        }
        return store.getOrComputeIfAbsent(String.join(",", asked) + settings, key -> start(asked, settings), Running.class).lakehouse();
    }

    private static Running start(Set<String> services, Map<String, String> settings) {
        try {
            Path dataDir = Files.createTempDirectory("lakehouse-junit-");
            // a build's target/ outlives the temporary data directory: the logs go there when the project
            // has no logging configuration of its own
            LoggingSetup.toFileUnlessConfigured(Files.isDirectory(Path.of("target")) ? Path.of("target", "lakehouse-junit") : dataDir);
            LakehouseBuilder builder = Lakehouse.builder().dataDir(dataDir).services(services.toArray(String[]::new)).randomPorts();
            DEFAULTS.forEach(builder::set);
            settings.forEach(builder::set);
            return new Running(builder.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closed by JUnit when the root context closes: at the end of the JVM's tests. */
    record Running(Lakehouse lakehouse, Path dataDir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lakehouse.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
