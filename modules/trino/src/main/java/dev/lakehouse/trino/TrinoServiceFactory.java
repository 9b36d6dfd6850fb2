package dev.lakehouse.trino;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import io.trino.server.ServerMainModule;

import java.util.Set;

/** The "trino" component: an embedded Trino coordinator on the lakehouse's tables. */
public final class TrinoServiceFactory implements ServiceFactory {
    static String trinoVersion() {
        String version = ServerMainModule.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    @Override
    public String name() {
        return "trino";
    }

    @Override
    public String description() {
        return "Trino " + trinoVersion();
    }

    @Override
    public Set<String> dependencies() {
        return Set.of("storage", "catalog");
    }

    /** Its hive catalog is on the metastore, when the lakehouse runs one. */
    @Override
    public Set<String> startsAfter() {
        return Set.of("metastore");
    }

    /** The engine's start (Guice wiring, plugins) is long and needs neither; only its iceberg catalog waits. */
    @Override
    public boolean startsAlongsideDependencies() {
        return true;
    }

    @Override
    public Service create(ServiceContext context) {
        return new TrinoService(TrinoConfig.from(context.config()), context);
    }
}
