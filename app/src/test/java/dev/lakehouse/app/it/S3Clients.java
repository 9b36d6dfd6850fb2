package dev.lakehouse.app.it;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;

/** Clients for the stack's S3 endpoint, configured from its run file as a user would. */
public final class S3Clients {
    private S3Clients() {
    }

    public static S3Client awsSdk(LakehouseProcess lakehouse) throws IOException {
        return awsSdk(lakehouse, lakehouse.endpointProperty("storage", "s3", "secret-key"));
    }

    public static S3Client awsSdk(LakehouseProcess lakehouse, String secretKey) throws IOException {
        URI endpoint = lakehouse.endpoint("storage", "s3");
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(lakehouse.endpointProperty("storage", "s3", "region")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        lakehouse.endpointProperty("storage", "s3", "access-key"), secretKey)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }
}
