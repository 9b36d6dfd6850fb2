package dev.lakehouse.app.it;

import dev.lakehouse.runtime.Lakehouse;
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

/**
 * A test class annotated {@code @InProcessStack} gets a {@link Lakehouse} started in this test JVM through
 * the Java API, as an engineer's IDE session or another project's test would: the server modules come from
 * their bundles on the class path, Spark is the test's own SparkSession. One stack for the whole test JVM
 * (a JVM holds one SparkContext), shared by every class asking for it, closed when the JVM's tests are done.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(InProcessStack.Resolver.class)
public @interface InProcessStack {
    /** Everything the in-process tests use. */
    String SERVICES = "spark,trino";

    final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Lakehouse.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(InProcessStack.class))
                    .getOrComputeIfAbsent(SERVICES, Resolver::start, Running.class).lakehouse();
        }

        private static Running start(String services) {
            try {
                Path dataDir = Files.createTempDirectory("lakehouse-inprocess-" + services.replace(',', '-'));
                // with its console, as an IDE session would have it: the command line talks to the lakehouse through it
                return new Running(Lakehouse.builder().dataDir(dataDir).services(services.split(",")).randomPorts().withConsole().start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Running(Lakehouse lakehouse) implements AutoCloseable {
        @Override
        public void close() {
            lakehouse.close();
        }
    }
}
