package dev.lakehouse.junit;

import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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

    static Lakehouse forServices(ExtensionContext context, List<String> services) {
        ExtensionContext.Store store = context.getRoot().getStore(STORE);
        Set<String> asked = new TreeSet<>(services);
        if (asked.contains("spark")) {
            Running spark = store.getOrComputeIfAbsent("spark", key -> start(asked), Running.class);
            if (!spark.lakehouse().services().containsAll(asked)) {
                throw new IllegalStateException("this test JVM runs one lakehouse with Spark (" + spark.lakehouse().services()
                        + "), which lacks some of " + asked + ": a JVM holds one SparkContext, so ask for the same services "
                        + "in every @LakehouseTest class that uses Spark");
            }
            return spark.lakehouse();
        }
        return store.getOrComputeIfAbsent(String.join(",", asked), key -> start(asked), Running.class).lakehouse();
    }

    private static Running start(Set<String> services) {
        try {
            Path dataDir = Files.createTempDirectory("lakehouse-junit-");
            return new Running(Lakehouse.builder().dataDir(dataDir).services(services.toArray(String[]::new)).randomPorts().start(), dataDir);
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
