package dev.lakehouse.spi;

import java.util.Set;

/**
 * The entry point of a component, found with {@link java.util.ServiceLoader} in the component's class
 * loader (META-INF/services/dev.lakehouse.spi.ServiceFactory).
 */
public interface ServiceFactory {
    /** The component's name: its configuration prefix, its --services name, its folder under modules/. */
    String name();

    /** What the component runs, for the banner and /api/status (e.g. "S3Proxy 4.1.0"). */
    String description();

    /** Components that must run for this one to work; they are enabled with it and stopped after it. */
    default Set<String> dependencies() {
        return Set.of();
    }

    /**
     * Components this one starts after when they are enabled, without needing them (the flows start after the
     * engines their tasks may use, so that a first run finds them ready).
     */
    default Set<String> startsAfter() {
        return Set.of();
    }

    /**
     * False (the default): this component starts once its dependencies are ready. True: it starts at once,
     * beside them, and waits for what it needs from them with {@link ServiceContext#awaitEndpoint}: for a
     * component whose own start is long and mostly independent of them (Spark's context, Trino's engine).
     */
    default boolean startsAlongsideDependencies() {
        return false;
    }

    /**
     * Binds and validates the component's configuration and returns the service, not yet started. Has no
     * side effects (no files, ports or threads), so the runtime can validate every component's
     * configuration before it starts any of them.
     *
     * @throws ConfigException when a key is unknown or a value is invalid
     */
    Service create(ServiceContext context);
}
