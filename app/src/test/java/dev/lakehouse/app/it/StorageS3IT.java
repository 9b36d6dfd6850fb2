package dev.lakehouse.app.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object store through the AWS SDK v2, against lakehouse.jar booted with --services storage. */
@SharedStack(services = "storage")
class StorageS3IT {
    private static final String BUCKET = "warehouse";
    private static LakehouseProcess lakehouse;
    private static S3Client s3;

    @BeforeAll
    static void connect(LakehouseProcess running) throws Exception {
        lakehouse = running;
        s3 = S3Clients.awsSdk(lakehouse);
    }

    @Test
    void warehouseBucketExistsAndIsAFolderUnderTheDataDir() {
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(BUCKET);
        assertThat(lakehouse.dataDir().resolve("s3").resolve(BUCKET)).isDirectory();
    }

    @Test
    void putGetHeadAndThePlainFileHoldsTheSameBytes() throws Exception {
        byte[] body = "hello, lakehouse\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(BUCKET).key("sdk/put/hello.txt").contentType("text/plain"), RequestBody.fromBytes(body));

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/put/hello.txt"));
        assertThat(got.asByteArray()).isEqualTo(body);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("sdk/put/hello.txt"));
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.contentType()).isEqualTo("text/plain");

        Path file = lakehouse.dataDir().resolve("s3/warehouse/sdk/put/hello.txt");
        assertThat(file).isRegularFile();
        assertThat(Files.readAllBytes(file)).isEqualTo(body);
    }

    @Test
    void rangeGet() {
        s3.putObject(b -> b.bucket(BUCKET).key("sdk/range/digits"), RequestBody.fromString("0123456789abcdefghij"));
        byte[] part = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/range/digits").range("bytes=10-14")).asByteArray();
        assertThat(new String(part, StandardCharsets.UTF_8)).isEqualTo("abcde");
    }

    @Test
    void listObjectsV2WithPrefixAndDelimiter() {
        for (String key : List.of("sdk/list/a.txt", "sdk/list/b.txt", "sdk/list/sub1/c.txt", "sdk/list/sub2/d.txt")) {
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response listing = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("sdk/list/").delimiter("/"));
        assertThat(listing.contents()).extracting(S3Object::key).containsExactly("sdk/list/a.txt", "sdk/list/b.txt");
        assertThat(listing.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("sdk/list/sub1/", "sdk/list/sub2/");

        ListObjectsV2Response firstPage = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("sdk/list/").maxKeys(2));
        assertThat(firstPage.isTruncated()).isTrue();
        ListObjectsV2Response secondPage = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("sdk/list/")
                .continuationToken(firstPage.nextContinuationToken()));
        assertThat(secondPage.contents()).extracting(S3Object::key).containsExactly("sdk/list/sub1/c.txt", "sdk/list/sub2/d.txt");
    }

    @Test
    void multipartUploadOf20Megabytes() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(data);
        int partSize = 5 * 1024 * 1024;
        String key = "sdk/multipart/20mb.bin";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i * partSize < data.length; i++) {
            int number = i + 1;
            int from = i * partSize;
            int length = Math.min(partSize, data.length - from);
            String eTag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(java.util.Arrays.copyOfRange(data, from, from + length))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));

        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).contentLength()).isEqualTo(data.length);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(data);
        assertThat(Files.readAllBytes(lakehouse.dataDir().resolve("s3/warehouse").resolve(key))).isEqualTo(data);
    }

    @Test
    void deleteRemovesTheObjectAndItsFile() {
        s3.putObject(b -> b.bucket(BUCKET).key("sdk/delete/gone.txt"), RequestBody.fromString("bye"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("sdk/delete/gone.txt"));

        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/delete/gone.txt")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(lakehouse.dataDir().resolve("s3/warehouse/sdk/delete/gone.txt")).doesNotExist();
    }

    @Test
    void ifNoneMatchStarRefusesToOverwrite() {
        s3.putObject(b -> b.bucket(BUCKET).key("sdk/conditional/once.txt").ifNoneMatch("*"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("sdk/conditional/once.txt").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/conditional/once.txt")).asUtf8String()).isEqualTo("first");
    }

    @Test
    void aFileDroppedIntoTheBucketFolderIsServed() throws Exception {
        Path dropped = lakehouse.dataDir().resolve("s3/warehouse/sdk/dropped/by-hand.csv");
        Files.createDirectories(dropped.getParent());
        Files.writeString(dropped, "id,name\n1,ada\n");

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/dropped/by-hand.csv")).asUtf8String())
                .isEqualTo("id,name\n1,ada\n");
    }

    @Test
    void requestsWithoutCredentialsAreRefused() throws Exception {
        s3.putObject(b -> b.bucket(BUCKET).key("sdk/private/secret.txt"), RequestBody.fromString("not for everyone"));
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            for (String path : List.of("/", "/" + BUCKET + "/", "/" + BUCKET + "/sdk/private/secret.txt")) {
                var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(lakehouse.endpoint("storage", "s3") + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("anonymous GET " + path).isEqualTo(403);
                assertThat(response.body()).doesNotContain("not for everyone");
            }
        }
    }

    @Test
    void aWrongSecretIsRefusedWith403() throws Exception {
        try (S3Client intruder = S3Clients.awsSdk(lakehouse, "not-the-secret")) {
            assertThatThrownBy(intruder::listBuckets)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(() -> intruder.putObject(b -> b.bucket(BUCKET).key("sdk/intruder.txt"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(lakehouse.dataDir().resolve("s3/warehouse/sdk/intruder.txt")).doesNotExist();
    }
}
