package dev.lakehouse.catalog;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import org.apache.iceberg.IcebergBuild;
import org.projectnessie.model.NessieConfiguration;

import java.util.Set;

/** The "catalog" component: Nessie with an Iceberg REST endpoint, on the object store. */
public final class CatalogServiceFactory implements ServiceFactory {
    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public String description() {
        String nessie = NessieConfiguration.class.getPackage().getImplementationVersion();
        return "Nessie " + (nessie == null ? "" : nessie) + " + Iceberg REST " + IcebergBuild.version();
    }

    @Override
    public Set<String> dependencies() {
        return Set.of("storage");
    }

    @Override
    public Service create(ServiceContext context) {
        return new CatalogService(CatalogConfig.from(context.config()), context);
    }
}
