package dev.lakehouse.storage;

import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InterruptedUploadsTest {
    private static final String UUID = "f31d7c3a-2800-4a3c-bf7e-fa15c2883ad5";

    @Test
    void theJournalKnowsTheWritesInFlightAndForgetsThemWhenNoneIs(@TempDir Path dataDir) throws Exception {
        Path buckets = Files.createDirectories(dataDir.resolve("s3/chaos"));
        Path journalFile = dataDir.resolve("s3-uploads.journal");
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        InputStream slowBody = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent == 3) {
                    halfSent.countDown();
                    try {
                        finish.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return sent < 6 ? "bytes!".charAt(sent++) : -1;
            }
        };
        try (UploadJournal journal = UploadJournal.open(new FilesystemNio2BlobStore(buckets.getParent().toString()), journalFile)) {
            Thread put = Thread.ofPlatform().start(() -> journal.putBlob(PutObjectRequest.builder().bucket("chaos").key("dir/slow key\nwith a newline")
                    .contentLength(6L).build(), slowBody));
            assertThat(halfSent.await(1, TimeUnit.MINUTES)).isTrue();
            assertThat(UploadJournal.unfinished(journalFile)).as("in flight").containsExactly("chaos/dir/slow key\nwith a newline");

            finish.countDown();
            put.join();
            journal.putBlob(PutObjectRequest.builder().bucket("chaos").key("quick").contentLength(5L).build(),
                    new ByteArrayInputStream("quick".getBytes()));
        }
        assertThat(UploadJournal.unfinished(journalFile)).isEmpty();
        assertThat(journalFile).isEmptyFile();
        assertThat(buckets.resolve("dir/slow key\nwith a newline")).hasContent("bytes!");
    }

    @Test
    void theFilesOfUnfinishedWritesAreSetAsideAndNothingElse(@TempDir Path dataDir) throws Exception {
        Path buckets = dataDir.resolve("s3");
        Path cutShort = write(buckets.resolve("chaos/obj-0000648-" + UUID));
        Path nested = write(buckets.resolve("warehouse/db/t/data/00000-0-x.parquet-" + UUID));
        Path complete = write(buckets.resolve("chaos/obj-0000647"));
        Path sameNameOtherKey = write(buckets.resolve("chaos/obj-0000649-" + UUID));
        Path metadata = write(buckets.resolve("warehouse/db/t/metadata/00001-" + UUID + ".metadata.json"));
        Set<String> unfinished = Set.of("chaos/obj-0000648", "warehouse/db/t/data/00000-0-x.parquet", "chaos/never-started/x", "../../etc/passwd");

        var moved = InterruptedUploads.setAside(buckets, dataDir.resolve("s3-interrupted"), unfinished);

        assertThat(moved).containsExactlyInAnyOrder(dataDir.resolve("s3-interrupted/chaos/obj-0000648-" + UUID),
                dataDir.resolve("s3-interrupted/warehouse/db/t/data/00000-0-x.parquet-" + UUID));
        assertThat(cutShort).doesNotExist();
        assertThat(nested).doesNotExist();
        assertThat(moved).allSatisfy(file -> assertThat(file).hasContent("bytes"));
        assertThat(complete).exists();
        assertThat(sameNameOtherKey).as("the write of another key").exists();
        assertThat(metadata).exists();
    }

    private static Path write(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "bytes");
        return file;
    }
}
