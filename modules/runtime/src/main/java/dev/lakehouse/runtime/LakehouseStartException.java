package dev.lakehouse.runtime;

import java.util.Optional;

/**
 * The lakehouse could not start. The message is one line for the user: which component, what went
 * wrong, what to do. Everything that had started has been stopped again by the time this is thrown.
 */
public class LakehouseStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String service;

    public LakehouseStartException(String service, String reason, Throwable cause) {
        super(service == null ? reason : service + " failed to start: " + reason, cause);
        this.service = service;
    }

    /** The component that failed, if the failure belongs to one. */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }
}
