package dev.lakehouse.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The object store writes an object's bytes to {@code <key>-<random UUID>} beside it and renames that file into
 * place when the write is complete. A lakehouse killed in the middle leaves the file behind, and it would be listed as
 * an object nobody put. Before the store serves, the files of the writes the {@link UploadJournal} saw begin and not
 * end are moved out of the buckets to {@code <data-dir>/s3-interrupted/} (not deleted: a look is possible), and
 * nothing else is touched.
 */
final class InterruptedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedUploads.class);
    private static final Pattern UUID_SUFFIX = Pattern.compile("-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private InterruptedUploads() {
    }

    /**
     * @param unfinished bucket/key of each write that did not end ({@link UploadJournal#unfinished})
     * @return where each file left behind went
     */
    static List<Path> setAside(Path buckets, Path setAside, Collection<String> unfinished) throws IOException {
        List<Path> moved = new ArrayList<>();
        for (String bucketAndKey : unfinished) {
            Path target = buckets.resolve(bucketAndKey).normalize();
            if (!target.startsWith(buckets) || !Files.isDirectory(target.getParent())) {
                continue;
            }
            String prefix = target.getFileName().toString();
            try (Stream<Path> siblings = Files.list(target.getParent())) {
                for (Path file : siblings.filter(Files::isRegularFile).filter(file -> isWriteOf(file, prefix)).toList()) {
                    Path aside = setAside.resolve(buckets.relativize(file).toString());
                    Files.createDirectories(aside.getParent());
                    Files.move(file, aside);
                    moved.add(aside);
                }
            }
        }
        if (!moved.isEmpty()) {
            LOG.warn("{} object writes cut short by the last stop (never acknowledged) were moved out of the buckets to {}: {}",
                    moved.size(), setAside, moved.size() <= 10 ? moved : moved.subList(0, 10) + "...");
        }
        return moved;
    }

    private static boolean isWriteOf(Path file, String key) {
        String name = file.getFileName().toString();
        return name.startsWith(key) && UUID_SUFFIX.matcher(name.substring(key.length())).matches();
    }
}
