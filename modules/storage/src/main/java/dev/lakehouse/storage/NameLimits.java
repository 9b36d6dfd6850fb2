package dev.lakehouse.storage;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * S3's rules for bucket names and limits on keys, checked before the file-system store sees them. A bucket is a
 * folder here: S3Proxy created "Bad_Bucket..Name" (S3 refuses upper case and "..") as it came.
 * A key is a path of files here too: a key over
 * S3's 1,024 bytes, or with a part between slashes over the file system's 255-byte file names, made the store fail
 * with "File name too long" and S3Proxy answer 500 InternalError (clients then retried it four times). Writes are
 * refused with S3's 400 KeyTooLongError; reads of such a key find nothing (404), since it cannot exist.
 */
final class NameLimits extends ForwardingBlobStore {
    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_SEGMENT_BYTES = 255;
    /** S3's general-purpose bucket names: 3-63 of a-z 0-9 . -, starting and ending with a letter or digit. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    NameLimits(BlobStore delegate) {
        super(delegate);
    }

    /** Why {@code key} cannot be stored, if it cannot. */
    static Optional<String> problem(String key) {
        if (key == null) {
            return Optional.empty();
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            return Optional.of("Your key is too long: " + bytes + " bytes, S3 allows " + MAX_KEY_BYTES);
        }
        for (String segment : key.split("/")) {
            int segmentBytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (segmentBytes > MAX_SEGMENT_BYTES) {
                return Optional.of("A part of the key between slashes is " + segmentBytes + " bytes: this store keeps each part as a file name, "
                        + MAX_SEGMENT_BYTES + " bytes at most");
            }
        }
        return Optional.empty();
    }

    private static void checkWritable(String key) {
        Optional<String> problem = problem(key);
        if (problem.isPresent()) {
            throw refusal("KeyTooLongError", problem.get());
        }
    }

    private static S3Exception refusal(String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(400).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        String name = request.bucket();
        if (name == null || !BUCKET.matcher(name).matches() || name.contains("..") || name.contains(".-") || name.contains("-.")) {
            throw refusal("InvalidBucketName", "The specified bucket is not valid: " + name
                    + " (3-63 characters: lower-case letters, digits, '.' and '-', starting and ending with a letter or digit, no '..')");
        }
        return super.createContainer(request);
    }

    private static void checkReadable(String bucket, String key) {
        if (problem(key).isPresent()) {
            throw S3Exceptions.noSuchKey(bucket, key, null);
        }
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        checkWritable(request.key());
        return super.putBlob(request, content);
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        checkWritable(request.destinationKey());
        checkReadable(request.sourceBucket(), request.sourceKey());
        return super.copyBlob(request);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        checkWritable(request.key());
        return super.initiateMultipartUpload(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        checkReadable(request.bucket(), request.key());
        return super.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        checkReadable(request.bucket(), request.key());
        return super.getBlob(request);
    }

    @Override
    public boolean blobExists(String bucket, String key) {
        return problem(key).isEmpty() && super.blobExists(bucket, key);
    }
}
