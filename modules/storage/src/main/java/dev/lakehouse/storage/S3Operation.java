package dev.lakehouse.storage;

/**
 * The S3 API operation a request is, by S3's own names (GetObject, PutObject, ListObjectsV2...), read from the method,
 * whether the path names a bucket or an object, and the query's sub-resource: a label for /metrics with a handful of
 * values, where the path itself would make a series per key.
 */
final class S3Operation {
    private S3Operation() {
    }

    static String of(String method, String path, String query) {
        String q = query == null ? "" : "&" + query;
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        boolean service = trimmed.isEmpty();
        boolean object = trimmed.indexOf('/') > 0 && trimmed.indexOf('/') < trimmed.length() - 1;
        if (service) {
            return method.equals("GET") ? "ListBuckets" : "Other";
        }
        if (!object) {
            return switch (method) {
                case "GET" -> q.contains("&uploads") ? "ListMultipartUploads"
                        : q.contains("&location") ? "GetBucketLocation"
                        : q.contains("&list-type=2") ? "ListObjectsV2" : q.contains("&acl") ? "GetBucketAcl" : "ListObjects";
                case "HEAD" -> "HeadBucket";
                case "PUT" -> q.contains("&acl") ? "PutBucketAcl" : "CreateBucket";
                case "DELETE" -> "DeleteBucket";
                case "POST" -> q.contains("&delete") ? "DeleteObjects" : "Other";
                default -> "Other";
            };
        }
        return switch (method) {
            case "GET" -> q.contains("&uploadId=") ? "ListParts" : q.contains("&acl") ? "GetObjectAcl" : "GetObject";
            case "HEAD" -> "HeadObject";
            case "PUT" -> q.contains("&partNumber=") ? "UploadPart" : q.contains("&acl") ? "PutObjectAcl" : "PutObject";
            case "POST" -> q.contains("&uploads") ? "CreateMultipartUpload" : q.contains("&uploadId=") ? "CompleteMultipartUpload" : "Other";
            case "DELETE" -> q.contains("&uploadId=") ? "AbortMultipartUpload" : "DeleteObject";
            default -> "Other";
        };
    }
}
