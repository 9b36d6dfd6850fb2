package dev.lakehouse.app.badinput;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The real clients, configured from the stack's endpoints as a user would. */
final class Clients {
    private Clients() {
    }

    static S3Client s3(Stack stack) {
        return s3(stack, stack.accessKey(), stack.secretKey());
    }

    static S3Client s3(Stack stack, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(stack.s3())
                .forcePathStyle(true)
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    static S3Presigner presigner(Stack stack) {
        return S3Presigner.builder()
                .endpointOverride(stack.s3())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKey(), stack.secretKey())))
                .build();
    }
}
