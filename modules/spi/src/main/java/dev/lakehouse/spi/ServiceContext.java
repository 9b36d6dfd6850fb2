package dev.lakehouse.spi;

import java.nio.file.Path;

/** What the runtime gives a component: its configuration, its place on disk and its peers' endpoints. */
public interface ServiceContext {
    /** The root of the data directory that holds everything the stack keeps across restarts. */
    Path dataDir();

    /** The address servers bind to (127.0.0.1 unless configured otherwise). */
    String bindAddress();

    /** The host name clients should use to reach this machine's servers (never a wildcard address). */
    String advertisedHost();

    /**
     * Whether the bind address opens the component to a network (not loopback): then it requires its clients to
     * authenticate, with the credentials its configuration must then hold.
     */
    default boolean exposed() {
        try {
            return !java.net.InetAddress.getByName(bindAddress()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("lakehouse.bind-address", "lakehouse.bind-address=" + bindAddress() + " is no address of this machine");
        }
    }

    /** This component's configuration, keys relative to its prefix. */
    ServiceConfig config();

    /**
     * Whether a component runs in this lakehouse (asked for with --services, or a dependency of one that was): for a
     * component that uses another when it is there ({@link ServiceFactory#startsAfter}), Trino's hive catalog on the
     * metastore.
     */
    boolean enabled(String service);

    /**
     * An endpoint of a component this one depends on (it has been started already).
     *
     * @throws IllegalStateException when that component is not running
     */
    Endpoint endpoint(String service, String endpointName);

    /**
     * An endpoint of a dependency, once the dependency is ready: for a component that
     * {@linkplain ServiceFactory#startsAlongsideDependencies() starts alongside} its dependencies.
     *
     * @throws IllegalStateException when the dependency failed or the lakehouse is stopping
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Endpoint awaitEndpoint(String service, String endpointName) throws InterruptedException;

    /**
     * The host lakehouse itself, or a capability of it, for a component that lives on the application class path
     * and works with the others' services (the flows run pipelines and SQL): {@code host(Lakehouse.class)}. Empty in
     * an isolated module, whose class loader cannot see the host's types.
     */
    default <T> java.util.Optional<T> host(Class<T> type) {
        return java.util.Optional.empty();
    }

    /**
     * The folder of a library module's jars (modules/NAME), for an engine that loads them in a class loader of its own:
     * Spark's Hive client. Empty when no such module travels with this lakehouse.
     */
    default java.util.Optional<Path> moduleDirectory(String name) {
        return java.util.Optional.empty();
    }
}
