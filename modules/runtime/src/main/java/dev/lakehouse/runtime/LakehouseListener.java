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
}
