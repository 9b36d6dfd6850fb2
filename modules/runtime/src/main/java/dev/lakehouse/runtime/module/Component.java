package dev.lakehouse.runtime.module;

import dev.lakehouse.spi.ServiceFactory;

import java.util.Objects;

/**
 * A component the runtime can start: its factory and the class loader its code runs in (a module's own
 * loader for an isolated server module, the application class loader for Spark).
 */
public record Component(ServiceFactory factory, ClassLoader classLoader, boolean isolated) {
    public Component {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(classLoader, "classLoader");
    }

    public String name() {
        return factory.name();
    }
}
