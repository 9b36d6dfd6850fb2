package dev.lakehouse.app.it;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object store through the MinIO Java client (another S3 implementation's idea of the protocol). */
@SharedStack(services = "storage")
class StorageMinioClientIT {
    @Test
    void putStatGetListAndRemove(LakehouseProcess lakehouse) throws Exception {
        MinioClient minio = MinioClient.builder()
                .endpoint(lakehouse.endpoint("storage", "s3").toString())
                .region(lakehouse.endpointProperty("storage", "s3", "region"))
                .credentials(lakehouse.endpointProperty("storage", "s3", "access-key"),
                        lakehouse.endpointProperty("storage", "s3", "secret-key"))
                .build();
        assertThat(minio.bucketExists(BucketExistsArgs.builder().bucket("warehouse").build())).isTrue();

        byte[] body = "minio was here".getBytes(StandardCharsets.UTF_8);
        minio.putObject(PutObjectArgs.builder().bucket("warehouse").object("minio/note.txt")
                .stream(new ByteArrayInputStream(body), body.length, -1).contentType("text/plain").build());

        StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket("warehouse").object("minio/note.txt").build());
        assertThat(stat.size()).isEqualTo(body.length);
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket("warehouse").object("minio/note.txt").build())) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        assertThat(Files.readAllBytes(lakehouse.dataDir().resolve("s3/warehouse/minio/note.txt"))).isEqualTo(body);

        List<String> keys = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket("warehouse").prefix("minio/").build())) {
            keys.add(item.get().objectName());
        }
        assertThat(keys).containsExactly("minio/note.txt");

        minio.removeObject(RemoveObjectArgs.builder().bucket("warehouse").object("minio/note.txt").build());
        assertThatThrownBy(() -> minio.statObject(StatObjectArgs.builder().bucket("warehouse").object("minio/note.txt").build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
    }
}
