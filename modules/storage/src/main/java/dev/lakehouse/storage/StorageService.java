package dev.lakehouse.storage;

import dev.lakehouse.spi.Endpoint;
import dev.lakehouse.spi.Health;
import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy over {@code <data-dir>/s3}: each bucket is a folder and each object a plain file with the same
 * bytes (metadata lives in extended attributes), so Iceberg's files can be read off disk by any tool and
 * files put there by hand are served over S3.
 */
final class StorageService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(StorageService.class);
    /** Folder under the data directory that holds the buckets. */
    static final String ROOT_FOLDER = "s3";
    /** Which object writes are in flight, for the next start after a kill ({@link UploadJournal}). */
    static final String UPLOAD_JOURNAL = "s3-uploads.journal";

    private final StorageConfig config;
    private final ServiceContext context;
    private final Path root;
    private S3Proxy proxy;
    private UploadJournal uploads;
    private URI endpoint;
    private S3Metrics metrics;

    StorageService(StorageConfig config, ServiceContext context) {
        this.config = config;
        this.context = context;
        this.root = context.dataDir().resolve(ROOT_FOLDER);
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(root);
        for (String bucket : config.buckets()) {
            Files.createDirectories(root.resolve(bucket));
        }
        Path journal = context.dataDir().resolve(UPLOAD_JOURNAL);
        InterruptedUploads.setAside(root, context.dataDir().resolve("s3-interrupted"), UploadJournal.unfinished(journal));
        FilesystemNio2BlobStore blobStore = new FilesystemNio2BlobStore(root.toString());
        // The store reads a folder that others may read (the usual 755) as a public-read bucket, which
        // S3Proxy then lists to anyone without credentials: every bucket is private.
        try (var buckets = Files.list(root)) {
            for (Path bucket : buckets.filter(Files::isDirectory).toList()) {
                blobStore.setContainerAccess(bucket.getFileName().toString(), BucketCannedACL.PRIVATE);
            }
        }
        proxy = S3Proxy.builder()
                .blobStore(new NameLimits(uploads = UploadJournal.open(blobStore, journal)))
                .endpoint(URI.create("http://" + context.bindAddress() + ":" + config.port()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, config.accessKey(), config.secretKey())
                .maxSinglePartObjectSize(config.maxSinglePartSize())
                // Clients add headers S3Proxy does not model (checksums, SDK metadata): accept them.
                .ignoreUnknownHeaders(true)
                .build();
        PresignedDates.install(proxy);
        metrics = S3Metrics.install(proxy);
        proxy.start();
        endpoint = URI.create("http://" + context.advertisedHost() + ":" + proxy.getPort());
        LOG.info("S3 endpoint {} serving {} (buckets {})", endpoint, root, config.buckets());
    }

    @Override
    public List<Endpoint> endpoints() {
        if (endpoint == null) {
            return List.of();
        }
        return List.of(new Endpoint("s3", "S3 REST (path-style, SigV4)", endpoint, Map.of(
                "access-key", config.accessKey(),
                "secret-key", config.secretKey(),
                "region", config.region(),
                "path-style", "true",
                "root", root.toString())));
    }

    @Override
    public Health health() {
        return proxy != null && "STARTED".equals(proxy.getState()) ? Health.up() : Health.down("S3Proxy is " + (proxy == null ? "not started" : proxy.getState()));
    }

    @Override
    public <T> java.util.Optional<T> unwrap(Class<T> type) {
        return type == dev.lakehouse.spi.MetricsSource.class && metrics != null ? java.util.Optional.of(type.cast(metrics)) : java.util.Optional.empty();
    }

    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
        if (uploads != null) {
            uploads.close();
            uploads = null;
        }
    }
}
