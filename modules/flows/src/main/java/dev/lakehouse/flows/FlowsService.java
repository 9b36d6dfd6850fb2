package dev.lakehouse.flows;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs {@link Flows} inside the lakehouse: the flows directory, the history under the data directory, the scheduler. */
final class FlowsService implements Service {
    static final String HISTORY_FOLDER = "flows-history";

    private final FlowsConfig config;
    private final ServiceContext context;
    private Flows flows;
    private FlowMetrics metrics;

    FlowsService(FlowsConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        Lakehouse lakehouse = context.host(Lakehouse.class)
                .orElseThrow(() -> new IllegalStateException("the flows run on the lakehouse's own class path"));
        String mainBranch = context.endpoint("catalog", "iceberg").property("default-branch");
        FlowStore store = FlowStore.open(context.dataDir().resolve(HISTORY_FOLDER));
        try {
            flows = new Flows(lakehouse, store, directory(), config.taskThreads(), mainBranch);
            flows.start();
            metrics = new FlowMetrics(store);
        } catch (Exception e) {
            store.close();
            throw e;
        }
    }

    Path directory() {
        return config.directory().orElse(context.dataDir().resolve("flows"));
    }

    @Override
    public List<Endpoint> endpoints() {
        if (flows == null) {
            return List.of();
        }
        return List.of(new Endpoint("flows", "Flow files (YAML), read every 2 s", directory().toAbsolutePath().toUri(),
                Map.of("api", "/api/flows", "history", context.dataDir().resolve(HISTORY_FOLDER).toString())));
    }

    @Override
    public Health health() {
        if (flows == null) {
            return Health.down("not started");
        }
        Map<Path, String> problems = flows.problems();
        return problems.isEmpty() ? Health.up()
                : new Health(true, problems.size() + " flow file(s) cannot be used: " + problems.values().iterator().next());
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == dev.lakehouse.spi.MetricsSource.class && metrics != null) {
            return Optional.of(type.cast(metrics));
        }
        return type == Flows.class && flows != null ? Optional.of(type.cast(flows)) : Optional.empty();
    }

    @Override
    public void close() {
        metrics = null;
        if (flows != null) {
            flows.close();
            flows = null;
        }
    }
}
