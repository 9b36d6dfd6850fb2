package dev.lakehouse.catalog.io;

import java.nio.file.Path;

/**
 * A location on this machine's disk as Iceberg writes it: {@code file:/a/b}, {@code file:///a/b} or a plain
 * absolute path. The text after the scheme is the path, taken literally (no percent-decoding), as Hadoop's
 * local file system reads it: a client and the catalog then name the same file.
 *
 * @param location the location as given, kept so that the files listed under it are named the same way
 * @param path the file
 */
record LocalLocation(String location, Path path) {
    static final String SCHEME = "file:";

    static LocalLocation of(String location) {
        String path;
        if (location.startsWith(SCHEME + "//")) {
            String afterAuthority = location.substring(SCHEME.length() + 2);
            // file:///a (no host) and file://localhost/a are this machine; another host is not
            int slash = afterAuthority.indexOf('/');
            String host = slash < 0 ? afterAuthority : afterAuthority.substring(0, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw new IllegalArgumentException("Invalid local location " + location + ": host '" + host
                        + "' is not this machine (use file:/path)");
            }
            path = slash < 0 ? "/" : afterAuthority.substring(slash);
        } else if (location.startsWith(SCHEME)) {
            path = location.substring(SCHEME.length());
        } else {
            path = location;
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("Invalid local location " + location + ": the path must be absolute");
        }
        return new LocalLocation(location, Path.of(path).normalize());
    }

    /** How a file under this location is named: with the same scheme spelling. */
    String nameOf(Path file) {
        String absolute = file.toAbsolutePath().toString();
        if (location.startsWith(SCHEME + "//")) {
            return SCHEME + "//" + absolute;
        }
        return location.startsWith(SCHEME) ? SCHEME + absolute : absolute;
    }
}
