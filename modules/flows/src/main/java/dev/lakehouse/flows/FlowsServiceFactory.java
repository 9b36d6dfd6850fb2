package dev.lakehouse.flows;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;

import java.util.Set;

/** The "flows" component: the orchestrator, started last so that its first runs find the engines ready. */
public final class FlowsServiceFactory implements ServiceFactory {
    @Override
    public String name() {
        return "flows";
    }

    @Override
    public String description() {
        return "Flows (scheduled DAGs of tasks)";
    }

    @Override
    public Set<String> dependencies() {
        return Set.of("catalog");
    }

    @Override
    public Set<String> startsAfter() {
        return Set.of("spark", "trino", "kafka", "sourcedb");
    }

    @Override
    public Service create(ServiceContext context) {
        return new FlowsService(FlowsConfig.from(context.config()), context);
    }
}
