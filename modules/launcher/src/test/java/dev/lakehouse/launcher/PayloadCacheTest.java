package dev.lakehouse.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadCacheTest {
    @Test
    void unpacksOnceAndReusesAnIdenticalArchive(@TempDir Path dir) throws Exception {
        Path archive = zip(dir.resolve("a.jar"), Map.of("lakehouse/lib/x.jar", "x", "lakehouse/modules/s/y.jar", "yy", "other/z", "z"));
        Path cache = dir.resolve("cache");

        Path first = PayloadCache.unpack(archive, "lakehouse/", cache, "lakehouse-1");
        assertThat(first.resolve("lib/x.jar")).hasContent("x");
        assertThat(first.resolve("modules/s/y.jar")).hasContent("yy");
        assertThat(first.resolve("other")).doesNotExist();
        long unpackedAt = Files.getLastModifiedTime(first.resolve("lib/x.jar")).toMillis();

        Thread.sleep(20);
        Path second = PayloadCache.unpack(archive, "lakehouse/", cache, "lakehouse-1");
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second.resolve("lib/x.jar")).toMillis()).as("not unpacked again").isEqualTo(unpackedAt);
    }

    @Test
    void aChangedArchiveGetsANewFolderAndOldOnesAreTrimmed(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Path v1 = PayloadCache.unpack(zip(dir.resolve("1.jar"), Map.of("lakehouse/a", "1")), "lakehouse/", cache, "app");
        Thread.sleep(10);
        Path v2 = PayloadCache.unpack(zip(dir.resolve("2.jar"), Map.of("lakehouse/a", "22")), "lakehouse/", cache, "app");
        Thread.sleep(10);
        Path v3 = PayloadCache.unpack(zip(dir.resolve("3.jar"), Map.of("lakehouse/a", "333")), "lakehouse/", cache, "app");
        Thread.sleep(10);
        Path v4 = PayloadCache.unpack(zip(dir.resolve("4.jar"), Map.of("lakehouse/a", "4444")), "lakehouse/", cache, "app");

        assertThat(v4.resolve("a")).hasContent("4444");
        assertThat(v3).as("this process still ran from it when v4 came").exists();
        assertThat(v2).as("a gigabyte each: no version nobody uses is kept").doesNotExist();
        assertThat(v1).doesNotExist();
    }

    @Test
    void aVersionAProcessRunsFromIsNotTrimmed(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Path v1 = PayloadCache.unpack(zip(dir.resolve("1.jar"), Map.of("lakehouse/a", "1")), "lakehouse/", cache, "app");
        // another process runs from v1: it holds the shared lock (here a channel of this JVM's own)
        try (var channel = java.nio.channels.FileChannel.open(v1.resolve(".in-use"), java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            Path v2 = PayloadCache.unpack(zip(dir.resolve("2.jar"), Map.of("lakehouse/a", "22")), "lakehouse/", cache, "app");
            try (var ignored = channel.lock(0, Long.MAX_VALUE, true)) {
                for (int i = 3; i <= 5; i++) {
                    Thread.sleep(10);
                    PayloadCache.unpack(zip(dir.resolve(i + ".jar"), Map.of("lakehouse/a", "v" + i)), "lakehouse/", cache, "app");
                }
                assertThat(v1.resolve("a")).as("held by a running process").hasContent("1");
                assertThat(v2).as("not held, and more than two versions old").doesNotExist();
            }
        }
    }

    @Test
    void aDamagedCopyIsRepaired(@TempDir Path dir) throws Exception {
        Path archive = zip(dir.resolve("a.jar"), Map.of("lakehouse/lib/x.jar", "xxxx"));
        Path unpacked = PayloadCache.unpack(archive, "lakehouse/", dir.resolve("cache"), "n");
        Files.writeString(unpacked.resolve("lib/x.jar"), "x");

        assertThat(PayloadCache.unpack(archive, "lakehouse/", dir.resolve("cache"), "n").resolve("lib/x.jar")).hasContent("xxxx");
    }

    @Test
    void concurrentUnpacksOfOneArchiveAllSeeACompleteCopy(@TempDir Path dir) throws Exception {
        Map<String, String> files = new java.util.TreeMap<>();
        for (int i = 0; i < 200; i++) {
            files.put("lakehouse/lib/f" + i + ".jar", "content " + i);
        }
        Path archive = zip(dir.resolve("a.jar"), files);
        Path cache = dir.resolve("cache");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Long>>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    Path unpacked = PayloadCache.unpack(archive, "lakehouse/", cache, "m");
                    try (var list = Files.list(unpacked.resolve("lib"))) {
                        return list.count();
                    }
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isEqualTo(200L);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void trimmingOneModuleNeverTouchesAModuleWhoseNameItPrefixes(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Path client = PayloadCache.unpack(zip(dir.resolve("c.jar"), Map.of("x/a", "c")), "x/", cache, "spark-connect-client");
        for (int i = 0; i < 4; i++) {
            Thread.sleep(10);
            PayloadCache.unpack(zip(dir.resolve(i + ".jar"), Map.of("x/a", "v" + i)), "x/", cache, "spark");
        }
        assertThat(client.resolve("a")).hasContent("c");
    }

    @Test
    void cleanRemovesEveryVersionNoProcessUsesAndListsWhatItRemoved(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Path old = PayloadCache.unpack(zip(dir.resolve("1.jar"), Map.of("lakehouse/a", "1")), "lakehouse/", cache, "other");
        Path module = PayloadCache.unpack(zip(dir.resolve("m.jar"), Map.of("x/a", "m")), "x/", cache.resolve(PayloadCache.MODULES_FOLDER), "spark");
        Path current = PayloadCache.unpack(zip(dir.resolve("2.jar"), Map.of("lakehouse/a", "22")), "lakehouse/", cache, "app");
        // this JVM now runs from the last version of each name; "other" is another name it no longer holds once it moves on
        PayloadCache.unpack(zip(dir.resolve("3.jar"), Map.of("lakehouse/a", "333")), "lakehouse/", cache, "other");

        assertThat(PayloadCache.versions(cache)).extracting(PayloadCache.Version::directory).contains(current, module);
        java.util.List<PayloadCache.Version> removed = PayloadCache.clean(cache);

        assertThat(removed).extracting(PayloadCache.Version::directory).containsExactly(old);
        assertThat(removed.get(0).bytes()).isPositive();
        assertThat(current.resolve("a")).as("in use").hasContent("22");
        assertThat(module.resolve("a")).as("in use").hasContent("m");
        assertThat(old).doesNotExist();
    }

    private static Path zip(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
