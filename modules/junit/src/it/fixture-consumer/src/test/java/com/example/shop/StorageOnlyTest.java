package com.example.shop;

import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.junit.TestLakehouse;
import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** A test that needs only the object store gets only the object store. */
@LakehouseTest(services = "storage")
class StorageOnlyTest {
    @Test
    void onlyStorageRuns(Lakehouse lakehouse, TestLakehouse test) throws Exception {
        assertThat(lakehouse.services()).containsExactly("storage");
        assertThat(Files.isDirectory(lakehouse.dataDir().resolve("s3/warehouse"))).isTrue();

        // unsigned requests are refused: it is a real S3 endpoint with SigV4
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(test.s3Endpoint() + "/warehouse/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("AccessDenied");
        }
    }
}
