package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.LakehouseProcess;
import dev.lakehouse.app.it.S3Clients;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The object store through its S3 endpoint (AWS SDK, one client thread) next to the raw disk it writes to,
 * measured in the same run: 64 MB objects in MB/s, 4 KB objects in operations per second.
 */
final class ObjectStoreBenchmark {
    private static final int LARGE = 64 * 1024 * 1024;
    private static final int SMALL = 4 * 1024;

    private ObjectStoreBenchmark() {
    }

    static void run(Results results, int largeRounds, int smallObjects) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-s3");
        byte[] large = new byte[LARGE];
        new Random(1).nextBytes(large);
        byte[] small = new byte[SMALL];
        new Random(2).nextBytes(small);
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "storage", "--ports", "random")
                .awaitReady(Duration.ofMinutes(2));
             S3Client s3 = S3Clients.awsSdk(lakehouse)) {
            List<Double> rawWrite = new ArrayList<>();
            List<Double> rawRead = new ArrayList<>();
            List<Double> put = new ArrayList<>();
            List<Double> get = new ArrayList<>();
            for (int round = 0; round < largeRounds + 1; round++) {
                Path file = dataDir.resolve("raw-" + round);
                double writeMbs = megabytesPerSecond(LARGE, time(() -> writeDurably(file, large)));
                double readMbs = megabytesPerSecond(LARGE, time(() -> Files.readAllBytes(file)));
                String key = "bench/large-" + round;
                double putMbs = megabytesPerSecond(LARGE, time(() -> s3.putObject(b -> b.bucket("warehouse").key(key), RequestBody.fromBytes(large))));
                double getMbs = megabytesPerSecond(LARGE, time(() -> {
                    ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket("warehouse").key(key));
                    if (bytes.asByteArray().length != LARGE) {
                        throw new IllegalStateException("short read");
                    }
                }));
                if (round > 0) { // round 0 warms the JIT of both ends
                    rawWrite.add(writeMbs);
                    rawRead.add(readMbs);
                    put.add(putMbs);
                    get.add(getMbs);
                }
                Files.delete(file);
            }
            double smallPuts = operationsPerSecond(smallObjects, time(() -> {
                for (int i = 0; i < smallObjects; i++) {
                    String key = "bench/small-" + i;
                    s3.putObject(b -> b.bucket("warehouse").key(key), RequestBody.fromBytes(small));
                }
            }));
            double smallGets = operationsPerSecond(smallObjects, time(() -> {
                for (int i = 0; i < smallObjects; i++) {
                    String key = "bench/small-" + i;
                    s3.getObjectAsBytes(b -> b.bucket("warehouse").key(key));
                }
            }));
            String rounds = " (median of " + largeRounds + ")";
            results.add("s3", "raw disk write 64 MB, fsync" + rounds, Results.median(rawWrite), "MB/s", "", "the physical limit, same disk");
            results.add("s3", "PUT 64 MB" + rounds, Results.median(put), "MB/s", "",
                    String.format(java.util.Locale.ROOT, "%.2f of raw write; AWS SDK, SigV4, one thread", Results.median(put) / Results.median(rawWrite)));
            results.add("s3", "raw disk read 64 MB" + rounds, Results.median(rawRead), "MB/s", "", "page cache warm, as for GET");
            results.add("s3", "GET 64 MB" + rounds, Results.median(get), "MB/s", "",
                    String.format(java.util.Locale.ROOT, "%.2f of raw read", Results.median(get) / Results.median(rawRead)));
            results.add("s3", "PUT 4 KB (" + smallObjects + " sequential)", smallPuts, "ops/s", "", "one client thread");
            results.add("s3", "GET 4 KB (" + smallObjects + " sequential)", smallGets, "ops/s", "", "one client thread");
        } finally {
            BootBenchmark.deleteTree(dataDir);
        }
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long begin = System.nanoTime();
        work.run();
        return (System.nanoTime() - begin) / 1e9;
    }

    private static double megabytesPerSecond(int bytes, double seconds) {
        return bytes / 1024.0 / 1024.0 / seconds;
    }

    private static double operationsPerSecond(int operations, double seconds) {
        return operations / seconds;
    }
}
