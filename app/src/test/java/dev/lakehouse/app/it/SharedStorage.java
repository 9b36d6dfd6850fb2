package dev.lakehouse.app.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code --services storage --ports random} lakehouse for every test class that asks for it, booted
 * once per test JVM and stopped when the JVM's tests are done.
 */
public final class SharedStorage implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LakehouseProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStorage.class, key -> boot(), Running.class).process();
    }

    private static Running boot() {
        try {
            Path dataDir = Files.createTempDirectory("lakehouse-it-storage");
            return new Running(LakehouseProcess.start(dataDir, "--services", "storage", "--ports", "random")
                    .awaitReady(Duration.ofMinutes(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Running(LakehouseProcess process) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.close();
        }
    }
}
