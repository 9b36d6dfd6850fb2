package dev.lakehouse.runtime;

import dev.lakehouse.spi.Endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one component.
 *
 * @param name the component, e.g. "storage"
 * @param description what it runs, e.g. "S3Proxy 4.1.0"
 * @param state where it is in its life
 * @param startTime how long its start took, once it is ready
 * @param endpoints where clients reach it, once it is ready
 * @param detail why it failed, or what its health probe reported; empty when all is well
 */
public record ServiceStatus(String name, String description, ServiceState state, Optional<Duration> startTime,
                            List<Endpoint> endpoints, String detail) {
    public ServiceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        endpoints = List.copyOf(endpoints);
    }

    /** Ready, and its health probe answered up. */
    public boolean healthy() {
        return state == ServiceState.READY && detail.isEmpty();
    }
}
