package dev.lakehouse.metastore;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import org.apache.hadoop.hive.metastore.utils.MetastoreVersionInfo;

import java.util.Set;

/** The "metastore" component: a Hive Metastore (Thrift) on embedded Derby, its warehouse on the lakehouse's S3. */
public final class MetastoreServiceFactory implements ServiceFactory {
    @Override
    public String name() {
        return "metastore";
    }

    @Override
    public String description() {
        return "Hive Metastore " + MetastoreVersionInfo.getVersion();
    }

    /** Table locations are on the object store, and the metastore checks and creates them. */
    @Override
    public Set<String> dependencies() {
        return Set.of("storage");
    }

    @Override
    public Service create(ServiceContext context) {
        return new MetastoreService(MetastoreConfig.from(context.config()), context);
    }
}
