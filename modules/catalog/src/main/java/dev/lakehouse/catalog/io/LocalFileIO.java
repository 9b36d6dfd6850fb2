package dev.lakehouse.catalog.io;

import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.DelegateFileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Iceberg's FileIO over this machine's disk ({@code file:} locations), for tables and views a client places
 * outside the object store. The catalog has no Hadoop, whose local file system is what Iceberg itself uses.
 * Prefixes behave as in an object store: a prefix names every file whose location starts with it.
 * Only locations under its roots (catalog.local-locations) are read, written or deleted: a client names the
 * locations, and without them a table at file:///etc writes there, and a purge deletes whatever its manifests list.
 */
public final class LocalFileIO implements DelegateFileIO {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LocalFileIO.class);

    /** The folders, comma-separated absolute paths, under which locations are served. */
    public static final String ROOTS_PROPERTY = "lakehouse.local-roots";

    private Map<String, String> properties = Map.of();
    private List<Path> roots = List.of();

    @Override
    public void initialize(Map<String, String> initial) {
        this.properties = Map.copyOf(initial);
        List<Path> folders = new ArrayList<>();
        for (String folder : initial.getOrDefault(ROOTS_PROPERTY, "").split(",")) {
            if (!folder.isBlank()) {
                folders.add(Path.of(folder.trim()).toAbsolutePath().normalize());
            }
        }
        this.roots = List.copyOf(folders);
    }

    /** The location, when it is under one of the roots. */
    private LocalLocation allowed(String location) {
        LocalLocation local = LocalLocation.of(location);
        for (Path root : roots) {
            if (local.path().startsWith(root)) {
                return local;
            }
        }
        throw new IllegalArgumentException("Invalid location " + location + ": the lakehouse keeps tables on this machine's disk only under "
                + (roots.isEmpty() ? "no folder" : String.join(", ", roots.stream().map(Path::toString).toList()))
                + " (catalog.local-locations lists the folders allowed)");
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public InputFile newInputFile(String location) {
        return new LocalInputFile(allowed(location));
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new LocalOutputFile(allowed(location));
    }

    /** Deleting a file that is not there is not an error (as in an object store). */
    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(allowed(location).path());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to delete file: " + location, e);
        }
    }

    @Override
    public void deleteFiles(Iterable<String> locations) {
        int failed = 0;
        for (String location : locations) {
            try {
                deleteFile(location);
            } catch (RuntimeException e) {
                LOG.warn("Failed to delete {}: {}", location, e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            throw new BulkDeletionFailureException(failed);
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        LocalLocation location = allowed(prefix);
        List<FileInfo> files = new ArrayList<>();
        for (Path file : filesUnder(location)) {
            try {
                files.add(new FileInfo(location.nameOf(file), Files.size(file), Files.getLastModifiedTime(file).toMillis()));
            } catch (NoSuchFileException e) {
                // deleted while listing
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to list " + prefix, e);
            }
        }
        return files;
    }

    @Override
    public void deletePrefix(String prefix) {
        LocalLocation location = allowed(prefix);
        deleteFiles(filesUnder(location).stream().map(location::nameOf).toList());
        if (Files.isDirectory(location.path())) {
            deleteEmptyFolders(location.path());
        }
    }

    /** The files whose path starts with the prefix's path, as an object store's keys would. */
    private static List<Path> filesUnder(LocalLocation prefix) {
        Path path = prefix.path();
        try {
            if (Files.isDirectory(path)) {
                return walk(path);
            }
            // a partial name: the parent's entries that start with it, and everything under those
            Path parent = path.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                return List.of();
            }
            String start = path.getFileName().toString();
            List<Path> files = new ArrayList<>();
            try (Stream<Path> entries = Files.list(parent)) {
                for (Path entry : entries.filter(entry -> entry.getFileName().toString().startsWith(start)).toList()) {
                    files.addAll(walk(entry));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + prefix.location(), e);
        }
    }

    private static List<Path> walk(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void deleteEmptyFolders(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path folder : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                try (Stream<Path> children = Files.list(folder)) {
                    if (children.findAny().isEmpty()) {
                        Files.deleteIfExists(folder);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not remove the empty folders under {}: {}", root, e.getMessage());
        }
    }
}
