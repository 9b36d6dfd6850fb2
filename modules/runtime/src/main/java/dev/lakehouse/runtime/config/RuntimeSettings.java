package dev.lakehouse.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The process-wide settings (the "lakehouse." and "console." keys), bound and validated.
 *
 * @param dataDir where everything is kept, absolute
 * @param services the components asked for; empty means all that exist
 * @param bindAddress the address servers bind to
 * @param ports fixed or random ports
 * @param startTimeout how long one component may take to start
 * @param consolePort the console HTTP server's port
 * @param consoleToken the bearer token the control API requires beyond loopback (empty: none set)
 */
public record RuntimeSettings(
        Path dataDir,
        List<String> services,
        String bindAddress,
        PortMode ports,
        Duration startTimeout,
        int consolePort,
        String consoleToken) {
    public RuntimeSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        services = List.copyOf(services);
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(consoleToken, "consoleToken");
    }

    /**
     * Whether the servers are reachable beyond this machine: then every endpoint with a standard way to authenticate
     * requires it. On loopback nothing does (only local users reach it, as before).
     */
    public boolean exposed() {
        return !Exposure.isLoopback(bindAddress);
    }

    /** The host name to give clients: the bind address, or loopback when bound to every interface. */
    public String advertisedHost() {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    }
}
