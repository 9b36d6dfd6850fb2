package dev.lakehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A versioned extraction cache: the jars that travel inside an archive are unpacked once into
 * {@code <root>/<name>-<digest>/} and reused by every later start. The digest covers each entry's
 * name, size and CRC, so a rebuilt archive gets a fresh directory and an unchanged one costs only
 * a read of the archive's central directory.
 */
public final class PayloadCache {
    private static final String COMPLETE_MARKER = ".complete";
    /** Where the module bundles of a class-path lakehouse (tests, an IDE) are unpacked, below the root. */
    public static final String MODULES_FOLDER = "modules";
    /** Held (shared) by every process that runs from a version, for its lifetime: trimming skips a held one. */
    private static final String IN_USE_LOCK = ".in-use";
    /** By name: the lock this process holds on the version of it that it runs from. */
    private static final Map<String, HeldLock> IN_USE = new ConcurrentHashMap<>();

    private static final class HeldLock {
        final Path file;
        final FileChannel channel;

        HeldLock(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }
    }

    private PayloadCache() {
    }

    /** The cache root: $LAKEHOUSE_CACHE_DIR, else $XDG_CACHE_HOME/lakehouse, else ~/.cache/lakehouse. */
    public static Path defaultRoot() {
        String explicit = System.getenv("LAKEHOUSE_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("lakehouse");
    }

    /**
     * Unpacks the files under {@code prefix} in {@code archive} (the prefix stripped) into the cache,
     * unless an identical copy is already there, and returns the directory that holds them.
     */
    public static Path unpack(Path archive, String prefix, Path root, String name) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<ZipEntry> entries = filesUnder(zip, prefix);
            if (entries.isEmpty()) {
                throw new IOException(archive + " holds nothing under " + prefix);
            }
            Path target = root.resolve(name + "-" + digest(entries));
            if (isComplete(target, entries, prefix)) {
                Files.setLastModifiedTime(target.resolve(COMPLETE_MARKER), FileTime.fromMillis(System.currentTimeMillis()));
                markInUse(name, target);
                return target;
            }
            Files.createDirectories(root);
            // Test forks and threads unpack the same bundles at the same moment: one unpacks, the
            // others wait and then find it complete (never delete a copy someone may be using).
            synchronized (PayloadCache.class) {
                try (FileChannel lockFile = FileChannel.open(root.resolve("." + name + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = lockFile.lock()) {
                    if (!isComplete(target, entries, prefix)) {
                        unpackInto(zip, entries, prefix, root, target);
                        removeOldVersions(root, name, target);
                    }
                    markInUse(name, target);
                }
            }
            return target;
        }
    }

    private static void unpackInto(ZipFile zip, List<ZipEntry> entries, String prefix, Path root, Path target)
            throws IOException {
        Path staging = Files.createTempDirectory(root, "." + target.getFileName() + "-");
        try {
            for (ZipEntry entry : entries) {
                Path file = staging.resolve(entry.getName().substring(prefix.length())).normalize();
                if (!file.startsWith(staging)) {
                    throw new IOException("entry escapes the cache directory: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file);
                }
            }
            Files.write(staging.resolve(COMPLETE_MARKER), String.valueOf(entries.size()).getBytes(StandardCharsets.UTF_8));
            if (Files.exists(target)) {
                // a damaged copy (a file removed by hand, an interrupted disk): replace it
                deleteTree(target);
            }
            moveIntoPlace(staging, target);
        } finally {
            deleteTree(staging);
        }
    }

    private static List<ZipEntry> filesUnder(ZipFile zip, String prefix) {
        List<ZipEntry> entries = new ArrayList<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry entry = all.nextElement();
            if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(ZipEntry::getName));
        return entries;
    }

    private static String digest(List<ZipEntry> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ZipEntry entry : entries) {
                sha.update((entry.getName() + '\0' + entry.getSize() + '\0' + entry.getCrc() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : sha.digest()) {
                hex.append(String.format("%02x", b));
            }
            return hex.substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Present, marked complete, and every file has the size the archive says (cheap: stat only). */
    private static boolean isComplete(Path target, List<ZipEntry> entries, String prefix) throws IOException {
        if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
            return false;
        }
        for (ZipEntry entry : entries) {
            Path file = target.resolve(entry.getName().substring(prefix.length()));
            if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) {
                return false;
            }
        }
        return true;
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another process unpacked the same version at the same moment: theirs is as good
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        } catch (IOException e) {
            if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                throw e;
            }
        }
    }

    private static void removeOldVersions(Path root, String name, Path current) {
        try (Stream<Path> siblings = Files.list(root)) {
            List<Path> older = siblings
                    .filter(p -> !p.equals(current) && isVersionOf(p, name))
                    .filter(p -> Files.isRegularFile(p.resolve(COMPLETE_MARKER)))
                    .sorted(Comparator.comparing(PayloadCache::lastUsed).reversed())
                    .collect(Collectors.toList());
            // each version is about a gigabyte: keep only what a running process still uses
            for (Path stale : older) {
                if (!isInUse(stale)) {
                    deleteTree(stale);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // cleaning up is a courtesy; the new version is in place either way
        }
    }

    /** An unpacked version in the cache. */
    public static final class Version {
        private final Path directory;
        private final long bytes;
        private final boolean inUse;

        Version(Path directory, long bytes, boolean inUse) {
            this.directory = directory;
            this.bytes = bytes;
            this.inUse = inUse;
        }

        public Path directory() {
            return directory;
        }

        public long bytes() {
            return bytes;
        }

        /** A running process (this one included) runs from it. */
        public boolean inUse() {
            return inUse;
        }
    }

    /** Every unpacked version under the root (the launcher's payloads and the module bundles of tests). */
    public static List<Version> versions(Path root) throws IOException {
        List<Version> versions = new ArrayList<>();
        for (Path folder : List.of(root, root.resolve(MODULES_FOLDER))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> children = Files.list(folder)) {
                for (Path child : children.sorted().collect(Collectors.toList())) {
                    if (Files.isDirectory(child) && child.getFileName().toString().matches(".+-[0-9a-f]{16}")) {
                        versions.add(new Version(child, size(child), isInUse(child)));
                    }
                }
            }
        }
        return versions;
    }

    /** Removes every version no running process uses; returns what was removed. */
    public static List<Version> clean(Path root) throws IOException {
        List<Version> removed = new ArrayList<>();
        for (Version version : versions(root)) {
            if (!version.inUse()) {
                deleteTree(version.directory());
                removed.add(version);
            }
        }
        return removed;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    /**
     * Takes a shared lock on the version of {@code name} this process runs from, released when the process
     * ends or moves to another version of it.
     */
    private static synchronized void markInUse(String name, Path version) throws IOException {
        Path lockFile = version.resolve(IN_USE_LOCK);
        HeldLock held = IN_USE.get(name);
        if (held != null && held.channel.isOpen() && held.file.equals(lockFile)) {
            return;
        }
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            channel.lock(0, Long.MAX_VALUE, true);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        IN_USE.put(name, new HeldLock(lockFile, channel));
        if (held != null) {
            held.channel.close();
        }
    }

    /** Whether a process (this one included) runs from a version: it holds the shared lock. */
    private static boolean isInUse(Path version) {
        Path lockFile = version.resolve(IN_USE_LOCK);
        if (IN_USE.values().stream().anyMatch(held -> held.file.equals(lockFile))) {
            return true;
        }
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock exclusive = channel.tryLock();
            if (exclusive == null) {
                return true;
            }
            exclusive.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // when in doubt, keep it
        }
    }

    /** name-<16 hex digits>: "spark" must not claim "spark-connect-client-...". */
    private static boolean isVersionOf(Path dir, String name) {
        return dir.getFileName().toString().matches(java.util.regex.Pattern.quote(name) + "-[0-9a-f]{16}");
    }

    private static FileTime lastUsed(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve(COMPLETE_MARKER));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }
}
