package dev.lakehouse.storage;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import org.gaul.s3proxy.S3Proxy;

/** The "storage" component: an S3 endpoint over the data directory. */
public final class StorageServiceFactory implements ServiceFactory {
    @Override
    public String name() {
        return "storage";
    }

    @Override
    public String description() {
        String version = S3Proxy.class.getPackage().getImplementationVersion();
        return "S3Proxy " + (version == null ? "" : version);
    }

    @Override
    public Service create(ServiceContext context) {
        return new StorageService(StorageConfig.from(context.config()), context);
    }
}
