package dev.lakehouse.sourcedb;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import org.h2.engine.Constants;

/** The "sourcedb" component: the operational database the medallion pipeline ingests. */
public final class SourceDbServiceFactory implements ServiceFactory {
    @Override
    public String name() {
        return "sourcedb";
    }

    @Override
    public String description() {
        return "H2 " + Constants.FULL_VERSION.split(" ")[0] + " (PostgreSQL mode)";
    }

    @Override
    public Service create(ServiceContext context) {
        return new SourceDbService(SourceDbConfig.from(context.config()), context);
    }
}
