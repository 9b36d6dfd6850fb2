package dev.lakehouse.runtime;

/** Where a component is in its life. */
public enum ServiceState {
    /** Enabled, waiting for its dependencies. */
    PENDING,
    STARTING,
    /** Started and answering on its endpoints. */
    READY,
    FAILED,
    STOPPING,
    STOPPED
}
