package dev.lakehouse.flows;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The flows directory, looked at every few seconds: a new or changed file is read again; a file that cannot be used
 * is reported (file, line, what to fix) while the last good version of its flow keeps running; a removed file
 * removes its flow. A poll, not a file watch: watch services miss changes on some file systems, and a poll of a
 * handful of files costs nothing.
 */
final class FlowDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(FlowDirectory.class);

    /** What the directory tells the flows. */
    interface Listener {
        void flowChanged(Flow flow);

        void flowRemoved(String name);

        void fileFailed(Path file, FlowFileException problem);

        void fileFixed(Path file);
    }

    private record Stamp(long modified, long size) {
    }

    private final Path directory;
    private final Listener listener;
    private final Map<Path, Stamp> seen = new HashMap<>();
    private final Set<Path> failed = new HashSet<>();

    FlowDirectory(Path directory, Listener listener) {
        this.directory = directory;
        this.listener = listener;
    }

    Path directory() {
        return directory;
    }

    /** Reads what changed since the last look. */
    synchronized void poll() {
        List<Path> files;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.filter(Files::isRegularFile).filter(FlowFiles::isFlowFile).sorted().toList();
            }
        } catch (IOException e) {
            LOG.warn("flows: cannot read the flows directory {}: {}", directory, e.toString());
            return;
        }
        for (Path file : files) {
            Stamp stamp = stamp(file);
            if (stamp == null || Objects.equals(seen.get(file), stamp)) {
                continue;
            }
            seen.put(file, stamp);
            try {
                Flow flow = FlowFiles.read(file);
                if (failed.remove(file)) {
                    listener.fileFixed(file);
                }
                listener.flowChanged(flow);
            } catch (FlowFileException e) {
                failed.add(file);
                LOG.warn("flows: {}", e.getMessage());
                listener.fileFailed(file, e);
            }
        }
        for (Path gone : Set.copyOf(seen.keySet())) {
            if (!files.contains(gone)) {
                seen.remove(gone);
                if (failed.remove(gone)) {
                    listener.fileFixed(gone);
                }
                listener.flowRemoved(FlowFiles.flowName(gone));
            }
        }
    }

    private static Stamp stamp(Path file) {
        try {
            return new Stamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        } catch (IOException e) {
            return null; // removed while we looked
        }
    }
}
