package dev.lakehouse.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code <data-dir>/run/endpoints.json}: the endpoints of the running stack, so that commands given the
 * same data directory (status, sql, ...) and other tools find it. Written once everything is ready,
 * removed at shutdown.
 */
final class RunFile {
    private static final Logger LOG = LoggerFactory.getLogger(RunFile.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    private RunFile(Path file) {
        this.file = file;
    }

    static Path location(Path dataDir) {
        return dataDir.resolve("run").resolve("endpoints.json");
    }

    static RunFile write(Path dataDir, Map<String, Object> report) throws IOException {
        Path file = location(dataDir);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        // it holds the stack's credentials: for its owner's eyes only (where the file system knows owners)
        try {
            Files.createFile(temporary, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        JSON.writeValue(temporary.toFile(), report);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new RunFile(file);
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", file, e.getMessage());
        }
    }
}
