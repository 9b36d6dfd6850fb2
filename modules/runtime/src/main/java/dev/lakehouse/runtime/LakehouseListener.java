package dev.lakehouse.runtime;

import dev.lakehouse.spi.Endpoint;

import java.time.Duration;
import java.util.List;

/** Hears about components as they start and stop: the command line prints progress with it. */
public interface LakehouseListener {
    default void starting(String service) {
    }

    default void ready(String service, Duration took, List<Endpoint> endpoints) {
    }

    default void failed(String service, String reason) {
    }

    default void stopped(String service) {
    }

    /**
     * Every component has stopped. Called by whoever closes the lakehouse - on SIGTERM that is the shutdown hook, and the
     * JVM halts when it returns, so a last word belongs here rather than after {@link Lakehouse#awaitClosed()}.
     */
    default void lakehouseStopped() {
    }
}
