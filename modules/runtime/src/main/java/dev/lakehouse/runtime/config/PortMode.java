package dev.lakehouse.runtime.config;

/** Where the servers listen: the configured ports, or free ones picked at start. */
public enum PortMode {
    FIXED,
    RANDOM
}
