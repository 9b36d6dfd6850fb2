package dev.lakehouse.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class S3OperationTest {
    @Test
    void namesRequestsAsS3Does() {
        assertThat(S3Operation.of("GET", "/", null)).isEqualTo("ListBuckets");
        assertThat(S3Operation.of("GET", "/warehouse", "list-type=2&prefix=a/")).isEqualTo("ListObjectsV2");
        assertThat(S3Operation.of("GET", "/warehouse/", "prefix=a/")).isEqualTo("ListObjects");
        assertThat(S3Operation.of("HEAD", "/warehouse", null)).isEqualTo("HeadBucket");
        assertThat(S3Operation.of("PUT", "/warehouse", null)).isEqualTo("CreateBucket");
        assertThat(S3Operation.of("POST", "/warehouse", "delete")).isEqualTo("DeleteObjects");
        assertThat(S3Operation.of("GET", "/warehouse/db/t/data/1.parquet", null)).isEqualTo("GetObject");
        assertThat(S3Operation.of("HEAD", "/warehouse/k", null)).isEqualTo("HeadObject");
        assertThat(S3Operation.of("PUT", "/warehouse/k", null)).isEqualTo("PutObject");
        assertThat(S3Operation.of("PUT", "/warehouse/k", "partNumber=2&uploadId=abc")).isEqualTo("UploadPart");
        assertThat(S3Operation.of("POST", "/warehouse/k", "uploads")).isEqualTo("CreateMultipartUpload");
        assertThat(S3Operation.of("POST", "/warehouse/k", "uploadId=abc")).isEqualTo("CompleteMultipartUpload");
        assertThat(S3Operation.of("DELETE", "/warehouse/k", "uploadId=abc")).isEqualTo("AbortMultipartUpload");
        assertThat(S3Operation.of("DELETE", "/warehouse/k", null)).isEqualTo("DeleteObject");
        assertThat(S3Operation.of("PATCH", "/warehouse/k", null)).isEqualTo("Other");
    }
}
