package dev.lakehouse.storage;

import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.ServiceConfig;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The object store's settings ("storage." keys).
 *
 * @param port the S3 endpoint's port
 * @param accessKey the one access key clients sign with
 * @param secretKey its secret
 * @param region the region clients are told to use (S3Proxy accepts any)
 * @param buckets created at start when missing
 * @param maxSinglePartSize the largest single PUT
 */
record StorageConfig(int port, String accessKey, String secretKey, String region, List<String> buckets,
                     long maxSinglePartSize) {
    /** S3's bucket naming rules, which the filesystem store does not enforce by itself. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    static StorageConfig from(ServiceConfig config) {
        List<String> buckets = config.list("buckets");
        for (String bucket : buckets) {
            if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
                throw new ConfigException(config.fullKey("buckets"), "Configuration key '" + config.fullKey("buckets")
                        + "' names '" + bucket + "', which is not a valid S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')");
            }
        }
        return new StorageConfig(
                config.port("port"),
                config.string("access-key"),
                config.string("secret-key"),
                config.string("region"),
                buckets,
                config.bytes("max-single-part-size"));
    }
}
