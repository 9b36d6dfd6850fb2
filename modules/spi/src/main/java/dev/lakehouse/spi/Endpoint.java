package dev.lakehouse.spi;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One way in to a service: a named URI speaking a protocol, with the properties a client needs besides
 * the address (credentials, region, the default branch...).
 *
 * @param name short name, unique within the service (e.g. "s3")
 * @param protocol what the endpoint speaks (e.g. "S3 REST, SigV4, path-style")
 * @param uri where to connect
 * @param properties client settings, e.g. access-key and secret-key
 */
public record Endpoint(String name, String protocol, URI uri, Map<String, String> properties) {
    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(uri, "uri");
        properties = Map.copyOf(properties);
    }

    public Endpoint(String name, String protocol, URI uri) {
        this(name, protocol, uri, Map.of());
    }

    /** A client setting that must be there. */
    public String property(String key) {
        String value = properties.get(key);
        if (value == null) {
            throw new IllegalStateException("endpoint " + name + " has no property " + key);
        }
        return value;
    }
}
