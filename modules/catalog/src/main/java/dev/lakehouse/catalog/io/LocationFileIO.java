package dev.lakehouse.catalog.io;

import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.DelegateFileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog's FileIO: each location is read and written by the FileIO of its scheme, S3FileIO for
 * {@code s3://} (the object store, where new tables go) and {@link LocalFileIO} for {@code file:} and absolute
 * paths (a table a client placed on this machine's disk). Iceberg's ResolvingFileIO does the same but falls back
 * to Hadoop, which the catalog does not carry. Another scheme is refused with a message naming the two.
 */
public final class LocationFileIO implements DelegateFileIO {
    private static final long serialVersionUID = 1L;

    private Map<String, String> properties = Map.of();
    // created on first use, so that a catalog that never sees a local location never builds one (and vice versa)
    private transient volatile S3FileIO s3;
    private transient volatile LocalFileIO local;

    @Override
    public void initialize(Map<String, String> initial) {
        this.properties = Map.copyOf(initial);
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public InputFile newInputFile(String location) {
        return io(location).newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return io(location).newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return io(location).newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
        io(location).deleteFile(location);
    }

    @Override
    public void deleteFiles(Iterable<String> locations) {
        Map<DelegateFileIO, List<String>> byIo = new LinkedHashMap<>();
        for (String location : locations) {
            byIo.computeIfAbsent(io(location), io -> new ArrayList<>()).add(location);
        }
        int failed = 0;
        for (Map.Entry<DelegateFileIO, List<String>> group : byIo.entrySet()) {
            try {
                group.getKey().deleteFiles(group.getValue());
            } catch (BulkDeletionFailureException e) {
                failed += e.numberFailedObjects();
            }
        }
        if (failed > 0) {
            throw new BulkDeletionFailureException(failed);
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        return io(prefix).listPrefix(prefix);
    }

    @Override
    public void deletePrefix(String prefix) {
        io(prefix).deletePrefix(prefix);
    }

    private DelegateFileIO io(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("Invalid location: empty");
        }
        int colon = location.indexOf(':');
        String scheme = colon < 0 || location.startsWith("/") ? "" : location.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "s3", "s3a", "s3n" -> s3();
            case "file", "" -> local();
            default -> throw new IllegalArgumentException("Unsupported location " + location + ": the lakehouse catalog "
                    + "reads and writes s3:// locations (its object store) and file: locations (this machine's disk)");
        };
    }

    private S3FileIO s3() {
        S3FileIO current = s3;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (s3 == null) {
                S3FileIO created = new S3FileIO();
                created.initialize(properties);
                s3 = created;
            }
            return s3;
        }
    }

    private LocalFileIO local() {
        LocalFileIO current = local;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (local == null) {
                LocalFileIO created = new LocalFileIO();
                created.initialize(properties);
                local = created;
            }
            return local;
        }
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        local = null;
    }
}
