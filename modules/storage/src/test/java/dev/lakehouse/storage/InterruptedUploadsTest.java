package dev.lakehouse.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

import static org.assertj.core.api.Assertions.assertThat;

class InterruptedUploadsTest {
    private static final String UUID = "f31d7c3a-2800-4a3c-bf7e-fa15c2883ad5";

    @Test
    void anUploadCutShortIsSetAsideAndEverythingElseStays(@TempDir Path dataDir) throws Exception {
        Path buckets = dataDir.resolve("s3");
        Path cutShort = write(buckets.resolve("chaos/obj-0000648-" + UUID), false);
        Path nested = write(buckets.resolve("warehouse/db/t/data/00000-0-x.parquet-" + UUID), false);
        Path complete = write(buckets.resolve("chaos/obj-0000647"), true);
        Path completeWithUuidName = write(buckets.resolve("chaos/upload-" + UUID), true);
        Path metadata = write(buckets.resolve("warehouse/db/t/metadata/00001-" + UUID + ".metadata.json"), false);
        Path byHand = write(buckets.resolve("chaos/notes.txt"), false);

        var moved = InterruptedUploads.setAside(buckets, dataDir.resolve("s3-interrupted"));

        assertThat(moved).containsExactlyInAnyOrder(dataDir.resolve("s3-interrupted/chaos/obj-0000648-" + UUID),
                dataDir.resolve("s3-interrupted/warehouse/db/t/data/00000-0-x.parquet-" + UUID));
        assertThat(cutShort).doesNotExist();
        assertThat(nested).doesNotExist();
        assertThat(moved).allSatisfy(file -> assertThat(file).hasContent("bytes"));
        assertThat(complete).exists();
        assertThat(completeWithUuidName).as("an object that got to its checksum is an object").exists();
        assertThat(metadata).exists();
        assertThat(byHand).exists();
        assertThat(InterruptedUploads.setAside(buckets, dataDir.resolve("s3-interrupted"))).as("nothing left the second time").isEmpty();
    }

    private static Path write(Path file, boolean complete) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "bytes");
        if (complete) {
            Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                    .write("user.content-md5", ByteBuffer.wrap("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        }
        return file;
    }
}
