package dev.lakehouse.app.it;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A test class annotated {@code @SharedStack(services = "catalog")} gets, as a {@link LakehouseProcess}
 * parameter, lakehouse.jar booted with those services on random ports in a temp data dir. Each set of
 * services boots once per test JVM, shared by every class asking for it, and stops when the JVM's tests
 * are done.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedStack.Resolver.class)
public @interface SharedStack {
    /** The --services argument, e.g. "storage" or "storage,catalog". */
    String services();

    final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LakehouseProcess.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            String services = context.getRequiredTestClass().getAnnotation(SharedStack.class).services();
            return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedStack.class))
                    .getOrComputeIfAbsent(services, Resolver::boot, Running.class).process();
        }

        private static Running boot(String services) {
            try {
                Path dataDir = Files.createTempDirectory("lakehouse-it-" + services.replace(',', '-'));
                // Iceberg's own catalog suites place tables and views in JUnit's temp folders: the catalog must let them
                LakehouseProcess process = LakehouseProcess.start(dataDir, "--services", services, "--ports", "random",
                        "--set", "catalog.local-locations=" + Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
                try {
                    return new Running(process.awaitReady(Duration.ofMinutes(3)));
                } catch (IOException | RuntimeException | InterruptedException | Error e) {
                    process.close(); // a stack that did not come up must not outlive the tests
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    record Running(LakehouseProcess process) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.close();
        }
    }
}
