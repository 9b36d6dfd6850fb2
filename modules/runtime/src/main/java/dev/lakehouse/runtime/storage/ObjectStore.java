package dev.lakehouse.runtime.storage;

import dev.lakehouse.runtime.Refused;
import dev.lakehouse.spi.Endpoint;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The object store as the console's Storage page browses it: buckets, one "folder" of a bucket at a time (a prefix
 * and the delimiter /, as the aws CLI's ls shows it), and an object's bytes. It talks S3 to the lakehouse's own
 * endpoint with the store's key, as any client would, so what it shows is what S3 clients see (not the files
 * under the data directory, whose layout is S3Proxy's business).
 */
public final class ObjectStore implements AutoCloseable {
    /** S3's bucket naming rules, so that a bad name is a 400 here rather than whatever the store makes of it. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int PAGE = 1000;

    public record Bucket(String name, String created) {
    }

    public record ObjectEntry(String key, long size, String lastModified) {
    }

    /**
     * One folder of a bucket.
     *
     * @param folders the prefixes one level down (each ends with /)
     * @param next    the token of the next page of the listing, null when this is the last
     */
    public record Listing(String bucket, String prefix, List<String> folders, List<ObjectEntry> objects, String next) {
    }

    /** An object's bytes, to be closed by who reads them. */
    public record Download(String key, String contentType, long length, InputStream content) {
    }

    private final S3Client s3;

    /** @param s3 the storage's "s3" endpoint: its URI, region and keys */
    public ObjectStore(Endpoint s3) {
        this.s3 = S3Client.builder()
                .endpointOverride(s3.uri())
                .forcePathStyle(true)
                .region(Region.of(s3.property("region")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.property("access-key"),
                        s3.property("secret-key"))))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    public List<Bucket> buckets() {
        return s3.listBuckets().buckets().stream()
                .map(bucket -> new Bucket(bucket.name(), bucket.creationDate() == null ? null : bucket.creationDate().toString()))
                .toList();
    }

    /** The objects and sub-folders right under {@code prefix} ("" for the bucket's top), a page of at most 1,000. */
    public Listing list(String bucket, String prefix, String pageToken) {
        checkBucket(bucket);
        String folder = prefix == null ? "" : prefix;
        if (!folder.isEmpty()) {
            checkKey(folder, "prefix");
        }
        ListObjectsV2Response page;
        try {
            page = s3.listObjectsV2(request -> request.bucket(bucket).prefix(folder).delimiter("/").maxKeys(PAGE)
                    .continuationToken(pageToken == null || pageToken.isEmpty() ? null : pageToken));
        } catch (NoSuchBucketException e) {
            throw noSuchBucket(bucket);
        } catch (S3Exception e) {
            throw refusal(bucket, e);
        }
        return new Listing(bucket, folder, page.commonPrefixes().stream().map(CommonPrefix::prefix).toList(),
                page.contents().stream().map(ObjectStore::entry).toList(),
                Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }

    /** Opens an object to stream its bytes. */
    public Download open(String bucket, String key) {
        checkBucket(bucket);
        if (key == null || key.isEmpty()) {
            throw Refused.invalid("the request needs key: the object's key in bucket " + bucket);
        }
        checkKey(key, "key");
        ResponseInputStream<GetObjectResponse> content;
        try {
            content = s3.getObject(request -> request.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw Refused.notFound("bucket " + bucket + " has no object " + key);
        } catch (NoSuchBucketException e) {
            throw noSuchBucket(bucket);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw Refused.notFound("bucket " + bucket + " has no object " + key);
            }
            throw refusal(bucket, e);
        }
        GetObjectResponse response = content.response();
        return new Download(key, response.contentType() == null ? "application/octet-stream" : response.contentType(),
                response.contentLength() == null ? -1 : response.contentLength(), content);
    }

    private static ObjectEntry entry(S3Object object) {
        return new ObjectEntry(object.key(), object.size() == null ? 0 : object.size(),
                object.lastModified() == null ? null : object.lastModified().toString());
    }

    private static void checkBucket(String bucket) {
        if (bucket == null || !BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
            throw Refused.invalid("'" + bucket + "' is not a bucket name (3 to 63 of a-z, 0-9, '.' and '-')");
        }
    }

    /**
     * A key with a ".." part would be read by S3Proxy's file store as a path out of its bucket's folder: refused here,
     * before any request, whatever the store would make of it.
     */
    private static void checkKey(String key, String what) {
        for (String part : key.split("/", -1)) {
            if (part.equals("..") || part.equals(".")) {
                throw Refused.invalid(what + " '" + key + "' has a '" + part + "' part: keys are names, not paths to walk");
            }
        }
        if (key.length() > 1024) {
            throw Refused.invalid(what + " is longer than S3's 1,024 characters");
        }
    }

    private static Refused noSuchBucket(String bucket) {
        return Refused.notFound("there is no bucket " + bucket);
    }

    private static RuntimeException refusal(String bucket, S3Exception e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (e.statusCode() == 404 || "NoSuchBucket".equals(code)) {
            return noSuchBucket(bucket);
        }
        if (e.statusCode() == 400) {
            return Refused.invalid("the store refused: " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
        }
        return e;
    }

    @Override
    public void close() {
        s3.close();
    }
}
