package dev.lakehouse.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The object store writes a PUT's bytes to {@code <key>-<random UUID>} beside the object and renames it into place
 * when the upload is complete, with its checksum in the {@code user.content-md5} attribute. A lakehouse killed in the
 * middle of an upload leaves that file behind, and it would be served as an object nobody put. Before the store
 * serves, such files (named so, and without the checksum written at the end of an upload) are moved out of the
 * buckets into {@code <data-dir>/s3-interrupted/}, not deleted: a file put by hand under such a name stays there to
 * be moved back.
 */
final class InterruptedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedUploads.class);
    private static final Pattern UPLOAD_SUFFIX = Pattern.compile(".+-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    /** As the store names it to the JDK, which keeps it as user.user.content-md5. */
    private static final String CHECKSUM_ATTRIBUTE = "user.content-md5";

    private InterruptedUploads() {
    }

    /** Moves every interrupted upload under {@code buckets} to the same place under {@code setAside}; returns where each went. */
    static List<Path> setAside(Path buckets, Path setAside) throws IOException {
        List<Path> moved = new ArrayList<>();
        if (!Files.isDirectory(buckets)) {
            return moved;
        }
        List<Path> interrupted;
        try (Stream<Path> files = Files.walk(buckets)) {
            interrupted = files.filter(Files::isRegularFile)
                    .filter(file -> UPLOAD_SUFFIX.matcher(file.getFileName().toString()).matches())
                    .filter(file -> !hasChecksum(file))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path file : interrupted) {
            Path target = setAside.resolve(buckets.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.move(file, target);
            moved.add(target);
        }
        if (!moved.isEmpty()) {
            LOG.warn("{} uploads cut short by the last stop (no complete object, so never acknowledged) were moved out of the buckets"
                    + " to {}: {}", moved.size(), setAside, moved.size() <= 10 ? moved : moved.subList(0, 10) + "...");
        }
        return moved;
    }

    /** True when the upload got to its end (or the file system keeps no attributes at all: then nothing can be told). */
    private static boolean hasChecksum(Path file) {
        UserDefinedFileAttributeView attributes = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (attributes == null) {
            return true;
        }
        try {
            return attributes.list().contains(CHECKSUM_ATTRIBUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }
}
