package dev.lakehouse.runtime;

import dev.lakehouse.runtime.logging.LogMarkers;
import dev.lakehouse.runtime.module.Component;
import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;
import dev.lakehouse.spi.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The enabled components and their dependencies. Starts each component as soon as everything it depends
 * on is ready (independent ones at the same time), each on a thread of its own whose context class loader
 * is the component's; stops them in the reverse of the order they became ready. If one fails to start,
 * no further component starts, and the ones already running are stopped before the failure is reported.
 */
final class ServiceGraph {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceGraph.class);

    /** One enabled component and where it is. */
    static final class Node {
        final Component component;
        final Service service;
        final Set<String> dependencies;
        /** Port key to port, checked before the component binds them. */
        final Map<String, Integer> ports;
        volatile ServiceState state = ServiceState.PENDING;
        volatile long startedAtNanos;
        volatile Duration startTime;
        volatile List<Endpoint> endpoints = List.of();
        volatile String failure = "";
        /** Completes when the node is ready; fails when it fails, or when the graph stops first. */
        final CompletableFuture<Void> readiness = new CompletableFuture<>();

        Node(Component component, Service service, Set<String> dependencies, Map<String, Integer> ports) {
            this.component = component;
            this.service = service;
            this.dependencies = dependencies;
            this.ports = ports;
        }

        String name() {
            return component.name();
        }
    }

    private final Map<String, Node> nodes;
    private final String bindAddress;
    private final Duration startTimeout;
    private final LakehouseListener listener;
    private final List<Node> readyOrder = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<LakehouseStartException> firstFailure = new AtomicReference<>();
    /** Set by {@link #stop()}: a start still under way must not leave its component running. */
    private volatile boolean stopping;

    /** @param nodes in an order where every node comes after its dependencies */
    ServiceGraph(List<Node> nodes, String bindAddress, Duration startTimeout, LakehouseListener listener) {
        Map<String, Node> byName = new LinkedHashMap<>();
        nodes.forEach(node -> byName.put(node.name(), node));
        this.nodes = Collections.unmodifiableMap(byName);
        this.bindAddress = bindAddress;
        this.startTimeout = startTimeout;
        this.listener = listener;
    }

    Map<String, Node> nodes() {
        return nodes;
    }

    /** Starts everything; returns when all are ready. On failure, stops what started and throws. */
    void start() {
        Map<String, CompletableFuture<Void>> ready = new HashMap<>();
        for (Node node : nodes.values()) {
            // a component that starts alongside its dependencies waits for them itself (awaitEndpoint)
            CompletableFuture<?>[] dependencies = node.component.factory().startsAlongsideDependencies()
                    ? new CompletableFuture<?>[0]
                    : node.dependencies.stream().map(ready::get).toArray(CompletableFuture[]::new);
            ready.put(node.name(), CompletableFuture.allOf(dependencies)
                    .thenRunAsync(() -> startNode(node), task -> onOwnThread(node, "start", task).start()));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(ready.values().toArray(CompletableFuture[]::new));
        while (true) {
            try {
                all.get(100, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                failSlowStarts();
                if (firstFailure.get() != null && noneStarting()) {
                    break;
                }
            } catch (ExecutionException e) {
                break; // every start has ended; firstFailure says why
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(null, "interrupted while starting", e);
                break;
            }
        }
        LakehouseStartException failure = firstFailure.get();
        if (failure != null) {
            stop();
            throw failure;
        }
    }

    private void startNode(Node node) {
        if (firstFailure.get() != null) {
            throw new IllegalStateException("not started: " + firstFailure.get().getMessage());
        }
        node.state = ServiceState.STARTING;
        node.startedAtNanos = System.nanoTime();
        listener.starting(node.name());
        LOG.info("Starting {} ({})", node.name(), node.component.factory().description());
        try {
            checkPortsFree(node);
            node.service.start();
            node.endpoints = List.copyOf(node.service.endpoints());
            node.startTime = Duration.ofNanos(System.nanoTime() - node.startedAtNanos);
            if (node.state != ServiceState.STARTING || stopping) {
                // it timed out, or the stack was stopped, meanwhile: do not leave it running
                node.state = ServiceState.STOPPED;
                closeQuietly(node);
                return;
            }
            node.state = ServiceState.READY;
            readyOrder.add(node);
            node.readiness.complete(null);
            LOG.info("{} is ready in {} ms: {}", node.name(), node.startTime.toMillis(), node.endpoints);
            listener.ready(node.name(), node.startTime, node.endpoints);
        } catch (Throwable t) {
            node.state = ServiceState.FAILED;
            String reason = reason(t);
            node.failure = reason;
            LOG.error(LogMarkers.FILE_ONLY, "{} failed to start: {}", node.name(), reason, t);
            fail(node.name(), reason, t);
            node.readiness.completeExceptionally(new IllegalStateException(node.name() + " failed to start: " + reason));
            closeQuietly(node);
            throw new IllegalStateException(reason, t);
        }
    }

    private void failSlowStarts() {
        for (Node node : nodes.values()) {
            if (node.state == ServiceState.STARTING
                    && System.nanoTime() - node.startedAtNanos > startTimeout.toNanos()) {
                node.state = ServiceState.FAILED;
                node.failure = "not ready after " + startTimeout.toSeconds() + " s (lakehouse.start-timeout)";
                LOG.error(LogMarkers.FILE_ONLY, "{} failed to start: {}", node.name(), node.failure);
                fail(node.name(), node.failure, null);
                node.readiness.completeExceptionally(new IllegalStateException(node.name() + " failed to start: " + node.failure));
            }
        }
    }

    private boolean noneStarting() {
        return nodes.values().stream().noneMatch(node -> node.state == ServiceState.STARTING);
    }

    private void fail(String service, String reason, Throwable cause) {
        if (firstFailure.compareAndSet(null, new LakehouseStartException(service, reason, cause)) && service != null) {
            listener.failed(service, reason);
        }
    }

    /** Stops every component that started, the last one to become ready first. */
    void stop() {
        stopping = true;
        fail(null, "stopped while starting", null);
        nodes.values().forEach(node -> node.readiness.completeExceptionally(
                new IllegalStateException(node.name() + " is not running: the lakehouse is stopping")));
        List<Node> toStop;
        synchronized (readyOrder) {
            toStop = new ArrayList<>(readyOrder);
            readyOrder.clear();
        }
        Collections.reverse(toStop);
        for (Node node : toStop) {
            node.state = ServiceState.STOPPING;
            LOG.info("Stopping {}", node.name());
            Thread stopper = onOwnThread(node, "stop", () -> closeQuietly(node));
            stopper.start();
            try {
                stopper.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stopper.isAlive()) {
                LOG.warn("{} did not stop within 60 s; going on without it", node.name());
            }
            node.state = ServiceState.STOPPED;
            listener.stopped(node.name());
        }
    }

    /** Blocks until the service is ready (at most the start timeout), then returns the named endpoint. */
    Endpoint awaitEndpoint(String service, String endpointName) throws InterruptedException {
        Node node = nodes.get(service);
        if (node == null) {
            throw new IllegalStateException(service + " is not enabled in this lakehouse");
        }
        try {
            node.readiness.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(service + " was not ready after " + startTimeout.toSeconds() + " s");
        }
        return node.endpoints.stream().filter(e -> e.name().equals(endpointName)).findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " has no endpoint " + endpointName));
    }

    Optional<ServiceStatus> status(String name) {
        return Optional.ofNullable(nodes.get(name)).map(this::status);
    }

    List<ServiceStatus> status() {
        return nodes.values().stream().map(this::status).toList();
    }

    private ServiceStatus status(Node node) {
        String detail = node.failure;
        if (node.state == ServiceState.READY) {
            Health health = probe(node);
            detail = health.detail();
        }
        return new ServiceStatus(node.name(), node.component.factory().description(), node.state,
                Optional.ofNullable(node.startTime), node.endpoints, detail);
    }

    /**
     * Whether each component is up, and the numbers of every ready component that reports some ({@link MetricsSource}),
     * each asked on a thread whose context class loader is its module's. A component whose report fails is left out
     * of this scrape (and its failure logged at debug): the others' numbers still go out.
     */
    void collectMetrics(MetricsSink sink) {
        for (Node node : nodes.values()) {
            boolean ready = node.state == ServiceState.READY;
            sink.gauge("lakehouse_component_up", "1 when the component is ready, else 0 (starting, failed, stopped)",
                    Map.of("component", node.name()), ready ? 1 : 0);
            if (!ready) {
                continue;
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(node.component.classLoader());
            try {
                node.service.unwrap(MetricsSource.class).ifPresent(source -> source.collect(sink));
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("{} reported no metrics: {}", node.name(), reason(e), e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    private static Health probe(Node node) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(node.component.classLoader());
        try {
            return node.service.health();
        } catch (RuntimeException e) {
            return Health.down(reason(e));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void checkPortsFree(Node node) throws IOException {
        for (Map.Entry<String, Integer> port : node.ports.entrySet()) {
            // The same options a server uses, so "free" here means the server can bind it.
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port.getValue()));
            } catch (java.net.BindException e) {
                throw new PortInUseException(port.getKey(), bindAddress, port.getValue());
            }
        }
    }

    private static void closeQuietly(Node node) {
        try {
            node.service.close();
        } catch (Throwable t) {
            LOG.warn("{} did not stop cleanly: {}", node.name(), reason(t), t);
        }
    }

    private static Thread onOwnThread(Node node, String what, Runnable task) {
        Thread thread = new Thread(task, "lakehouse-" + what + "-" + node.name());
        thread.setContextClassLoader(node.component.classLoader());
        return thread;
    }

    /** One line: our own messages as they are, otherwise the innermost cause, which is the specific one. */
    static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PortInUseException || c instanceof dev.lakehouse.spi.ConfigException) {
                return c.getMessage();
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String type = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message.lines().findFirst().orElse("");
    }
}
