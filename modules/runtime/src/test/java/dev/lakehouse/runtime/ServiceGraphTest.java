package dev.lakehouse.runtime;

import dev.lakehouse.runtime.module.Component;
import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start order, concurrency, failure handling and stop order of the graph, with scripted services. */
class ServiceGraphTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, String> threadLoaders = new ConcurrentHashMap<>();

    @Test
    void startsAfterDependenciesAndStopsInReverse() {
        ServiceGraph graph = graph(Duration.ofMinutes(1),
                node("storage", Set.of(), () -> { }),
                node("catalog", Set.of("storage"), () -> { }),
                node("spark", Set.of("catalog", "storage"), () -> { }));

        graph.start();
        assertThat(events).containsExactly("start storage", "start catalog", "start spark");
        assertThat(graph.status()).allSatisfy(s -> assertThat(s.state()).isEqualTo(ServiceState.READY));

        events.clear();
        graph.stop();
        assertThat(events).containsExactly("close spark", "close catalog", "close storage");
    }

    @Test
    void independentServicesStartAtTheSameTime() {
        CountDownLatch both = new CountDownLatch(2);
        Runnable meetTheOther = () -> {
            both.countDown();
            try {
                assertThat(both.await(10, TimeUnit.SECONDS)).as("the other one started meanwhile").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        ServiceGraph graph = graph(Duration.ofMinutes(1), node("kafka", Set.of(), meetTheOther), node("storage", Set.of(), meetTheOther));

        graph.start();
        assertThat(graph.status()).allSatisfy(s -> assertThat(s.state()).isEqualTo(ServiceState.READY));
        graph.stop();
    }

    @Test
    void aServiceThatStartsAlongsideItsDependenciesWaitsForTheirEndpoints() throws Exception {
        CountDownLatch sparkIsUp = new CountDownLatch(1);
        ServiceGraph[] graph = new ServiceGraph[1];
        ServiceGraph.Node catalog = node("catalog", Set.of(), () -> {
            try {
                assertThat(sparkIsUp.await(10, TimeUnit.SECONDS)).as("spark started without waiting for the catalog").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ServiceGraph.Node spark = new ServiceGraph.Node(component("spark", true), service("spark", () -> {
            sparkIsUp.countDown();
            try {
                assertThat(graph[0].awaitEndpoint("catalog", "http").uri()).hasPort(1);
                events.add("spark saw the catalog");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }), Set.of("catalog"), Map.of());
        graph[0] = new ServiceGraph(List.of(catalog, spark), "127.0.0.1", Duration.ofMinutes(1), new LakehouseListener() { });

        graph[0].start();
        assertThat(events).containsExactlyInAnyOrder("start spark", "start catalog", "spark saw the catalog");
        assertThat(events.getLast()).as("spark was ready only after the catalog").isEqualTo("spark saw the catalog");
        events.clear();
        graph[0].stop();
        assertThat(events).as("the dependent stops first").containsExactly("close spark", "close catalog");
    }

    @Test
    void eachServiceRunsOnAThreadWithItsOwnContextClassLoader() {
        ServiceGraph graph = graph(Duration.ofMinutes(1), node("storage", Set.of(), () -> { }));
        graph.start();
        assertThat(threadLoaders).containsEntry("storage", "loader-storage");
        graph.stop();
    }

    @Test
    void aFailureStopsWhatStartedAndNothingElseStarts() {
        ServiceGraph graph = graph(Duration.ofMinutes(1),
                node("storage", Set.of(), () -> { }),
                node("catalog", Set.of("storage"), () -> {
                    throw new IllegalStateException("wrapped", new java.io.IOException("RocksDB is locked"));
                }),
                node("spark", Set.of("catalog"), () -> { }));

        assertThatThrownBy(graph::start)
                .isInstanceOfSatisfying(LakehouseStartException.class, e -> assertThat(e.service()).contains("catalog"))
                .hasMessage("catalog failed to start: IOException: RocksDB is locked");
        assertThat(events).containsExactly("start storage", "start catalog", "close catalog", "close storage");
        assertThat(graph.status()).extracting(ServiceStatus::state)
                .containsExactly(ServiceState.STOPPED, ServiceState.FAILED, ServiceState.PENDING);
    }

    @Test
    void aPortInUseIsNamedBeforeTheServiceTries() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ServiceGraph.Node storage = new ServiceGraph.Node(component("storage"), service("storage", () -> { }), Set.of(),
                    Map.of("storage.port", port));
            ServiceGraph graph = new ServiceGraph(List.of(storage), "127.0.0.1", Duration.ofMinutes(1), new LakehouseListener() { });

            assertThatThrownBy(graph::start)
                    .hasMessage("storage failed to start: port " + port + " on 127.0.0.1 is already in use; stop what uses it, "
                            + "set storage.port=<another port>, or start with --ports random");
            assertThat(events).doesNotContain("start storage");
        }
    }

    @Test
    void aServiceThatNeverBecomesReadyTimesOut() {
        CountDownLatch never = new CountDownLatch(1);
        ServiceGraph graph = graph(Duration.ofMillis(300), node("trino", Set.of(), () -> {
            try {
                never.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));

        assertThatThrownBy(graph::start).hasMessageContaining("trino failed to start: not ready after 0 s");
        never.countDown();
    }

    private ServiceGraph graph(Duration timeout, ServiceGraph.Node... nodes) {
        return new ServiceGraph(List.of(nodes), "127.0.0.1", timeout, new LakehouseListener() { });
    }

    private ServiceGraph.Node node(String name, Set<String> dependencies, Runnable onStart) {
        return new ServiceGraph.Node(component(name), service(name, onStart), dependencies, Map.of());
    }

    private static Component component(String name) {
        return component(name, false);
    }

    private static Component component(String name, boolean alongside) {
        ServiceFactory factory = new ServiceFactory() {
            @Override
            public boolean startsAlongsideDependencies() {
                return alongside;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name + " for tests";
            }

            @Override
            public Service create(ServiceContext context) {
                throw new UnsupportedOperationException();
            }
        };
        return new Component(factory, new ClassLoader("loader-" + name, ServiceGraphTest.class.getClassLoader()) { }, true);
    }

    private Service service(String name, Runnable onStart) {
        return new Service() {
            @Override
            public void start() {
                threadLoaders.put(name, Thread.currentThread().getContextClassLoader().getName());
                events.add("start " + name);
                onStart.run();
            }

            @Override
            public List<Endpoint> endpoints() {
                return List.of(new Endpoint("http", "HTTP", URI.create("http://127.0.0.1:1")));
            }

            @Override
            public void close() {
                events.add("close " + name);
            }
        };
    }
}
