package dev.lakehouse.app.badinput;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static dev.lakehouse.app.badinput.Expect.statuses;

/** Bad S3 requests: signatures, presigned URLs, bodies, digests, multipart XML, keys, headers, bytes that are not HTTP. */
final class S3Cases {
    private static final String BUCKET = "warehouse";
    private static final String PREFIX = "badinput/";
    private static final Set<Integer> DENIED = statuses(403);

    private final Stack stack;
    private final SigV4 signer;
    private final List<BadInputCase> cases = new ArrayList<>();

    private S3Cases(Stack stack) {
        this.stack = stack;
        this.signer = new SigV4(stack.accessKey(), stack.secretKey(), stack.region());
    }

    static List<BadInputCase> of(Stack stack) {
        S3Cases s3 = new S3Cases(stack);
        s3.signatures();
        s3.presignedUrls();
        s3.bodies();
        s3.multipart();
        s3.keys();
        s3.headersAndProtocol();
        return s3.cases;
    }

    private void add(String name, String expected, BadInputCase.Action action) {
        cases.add(new BadInputCase("s3", name, expected, action));
    }

    // --- signatures --------------------------------------------------------------------------------------------

    private void signatures() {
        String canary = "/" + DamageCheck.BUCKET + "/" + DamageCheck.KEY;
        add("GET without any credentials", "403 AccessDenied", () ->
                expect(RawHttp.send(stack.s3(), "GET", canary, Map.of(), new byte[0], false), DENIED, "AccessDenied"));
        add("GET signed with a wrong secret key (AWS SDK)", "403 SignatureDoesNotMatch", () ->
                sdkFails(Clients.s3(stack, stack.accessKey(), "not-the-secret"),
                        s3 -> s3.getObject(b -> b.bucket(DamageCheck.BUCKET).key(DamageCheck.KEY)), 403, "SignatureDoesNotMatch"));
        add("PUT over the canary signed with a wrong secret key", "403 SignatureDoesNotMatch, canary kept", () ->
                sdkFails(Clients.s3(stack, stack.accessKey(), "not-the-secret"),
                        s3 -> s3.putObject(b -> b.bucket(DamageCheck.BUCKET).key(DamageCheck.KEY), RequestBody.fromString("overwritten")),
                        403, "SignatureDoesNotMatch"));
        add("DELETE of the canary with an unknown access key", "403 InvalidAccessKeyId, canary kept", () ->
                sdkFails(Clients.s3(stack, "nobody", stack.secretKey()),
                        s3 -> s3.deleteObject(b -> b.bucket(DamageCheck.BUCKET).key(DamageCheck.KEY)), 403, "InvalidAccessKeyId"));
        add("Authorization header that is not a signature", "400/403 with an S3 error", () ->
                expect(RawHttp.send(stack.s3(), "GET", canary, Map.of("Authorization", "AWS4-HMAC-SHA256 garbage"), new byte[0], false),
                        statuses(400, 403), "<Code>"));
        add("Authorization with an unknown scheme (Bearer)", "400/403 with an S3 error", () ->
                expect(RawHttp.send(stack.s3(), "GET", canary, Map.of("Authorization", "Bearer abc.def.ghi"), new byte[0], false),
                        statuses(400, 403), "<Code>"));
        add("SigV4 signed one hour ago (x-amz-date expired)", "403 RequestTimeTooSkewed", () ->
                expect(signed("GET", canary, Map.of(), new byte[0], Instant.now().minus(Duration.ofHours(1))), DENIED, "RequestTimeTooSkewed"));
        add("SigV4 signed one hour in the future", "403 RequestTimeTooSkewed", () ->
                expect(signed("GET", canary, Map.of(), new byte[0], Instant.now().plus(Duration.ofHours(1))), DENIED, "RequestTimeTooSkewed"));
        add("PUT over the canary signed a day ago", "403, canary kept", () ->
                expect(signed("PUT", canary, Map.of(), "overwritten".getBytes(), Instant.now().minus(Duration.ofDays(1))), DENIED, "<Code>"));
        add("x-amz-date that is not a date", "400/403 with an S3 error", () -> {
            Map<String, String> headers = new LinkedHashMap<>(signer.sign("GET", uri(canary), Map.of(), SigV4.sha256Hex(new byte[0]), Instant.now()));
            headers.put("x-amz-date", "yesterday");
            expect(RawHttp.send(stack.s3(), "GET", canary, headers, new byte[0], false), statuses(400, 403), "<Code>");
        });
        add("SigV4 signature of another request (path changed after signing)", "403 SignatureDoesNotMatch", () -> {
            Map<String, String> headers = signer.sign("GET", uri("/" + BUCKET + "/" + PREFIX + "other"), Map.of(), SigV4.sha256Hex(new byte[0]), Instant.now());
            expect(RawHttp.send(stack.s3(), "GET", canary, headers, new byte[0], false), DENIED, "SignatureDoesNotMatch");
        });
        add("SigV2 with a wrong signature", "403", () ->
                expect(RawHttp.send(stack.s3(), "GET", canary, Map.of("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)), "Authorization", "AWS " + stack.accessKey() + ":AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                        new byte[0], false), DENIED, "<Code>"));
        add("credential scope for another region and service", "400/403", () -> {
            Map<String, String> headers = new LinkedHashMap<>(signer.sign("GET", uri(canary), Map.of(), SigV4.sha256Hex(new byte[0]), Instant.now()));
            headers.put("Authorization", headers.get("Authorization").replace("/" + stack.region() + "/s3/", "/mars-north-9/dynamodb/"));
            expect(RawHttp.send(stack.s3(), "GET", canary, headers, new byte[0], false), statuses(400, 403), "<Code>");
        });
    }

    // --- presigned URLs ----------------------------------------------------------------------------------------

    private void presignedUrls() {
        String canary = "/" + DamageCheck.BUCKET + "/" + DamageCheck.KEY;
        add("presigned GET that expired (AWS SDK presigner, 1 s)", "403 AccessDenied: Request has expired", () -> {
            URI url;
            try (var presigner = Clients.presigner(stack)) {
                url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofSeconds(1))
                        .getObjectRequest(g -> g.bucket(DamageCheck.BUCKET).key(DamageCheck.KEY))).url().toURI();
            }
            Thread.sleep(2100);
            expectHttp(HttpRequest.newBuilder(url).GET(), DENIED, "expired");
        });
        add("presigned GET signed two hours ago for one hour", "403 Request has expired", () ->
                expectHttp(HttpRequest.newBuilder(signer.presign("GET", uri(canary), Instant.now().minus(Duration.ofHours(2)), 3600)).GET(),
                        DENIED, "expired"));
        add("presigned PUT over the canary that expired", "403, canary kept", () ->
                expectHttp(HttpRequest.newBuilder(signer.presign("PUT", uri(canary), Instant.now().minus(Duration.ofHours(2)), 60))
                        .PUT(HttpRequest.BodyPublishers.ofString("overwritten")), DENIED, "expired"));
        add("presigned DELETE of the canary that expired", "403, canary kept", () ->
                expectHttp(HttpRequest.newBuilder(signer.presign("DELETE", uri(canary), Instant.now().minus(Duration.ofMinutes(10)), 60))
                        .DELETE(), DENIED, "expired"));
        add("presigned GET with a tampered signature", "403 SignatureDoesNotMatch", () -> {
            String url = signer.presign("GET", uri(canary), Instant.now(), 600).toString();
            expectHttp(HttpRequest.newBuilder(URI.create(url.substring(0, url.length() - 4) + "0000")).GET(), DENIED, "SignatureDoesNotMatch");
        });
        add("presigned URL valid for more than 7 days", "400/403", () ->
                expectHttp(HttpRequest.newBuilder(signer.presign("GET", uri(canary), Instant.now(), 604_801)).GET(), statuses(400, 403), "<Code>"));
        add("presigned URL with X-Amz-Expires not a number", "400/403", () -> {
            String url = signer.presign("GET", uri(canary), Instant.now(), 600).toString().replace("X-Amz-Expires=600", "X-Amz-Expires=soon");
            expectHttp(HttpRequest.newBuilder(URI.create(url)).GET(), statuses(400, 403), "<Code>");
        });
        add("presigned URL signed in the future", "403 Request is not valid yet", () ->
                expectHttp(HttpRequest.newBuilder(signer.presign("GET", uri(canary), Instant.now().plus(Duration.ofHours(3)), 60)).GET(),
                        DENIED, "not valid yet"));
    }

    // --- bodies and digests ------------------------------------------------------------------------------------

    private void bodies() {
        String canary = "/" + DamageCheck.BUCKET + "/" + DamageCheck.KEY;
        add("PUT whose body is shorter than its Content-Length (connection closed)", "no object", () -> {
            String key = PREFIX + "truncated";
            byte[] sent = "only part of it".getBytes();
            truncatedPut("/" + BUCKET + "/" + key, sent, 100_000);
            absentAfterAWhile(BUCKET, key);
        });
        add("PUT over the canary with a truncated body", "canary kept", () ->
                truncatedPut(canary, "partial".getBytes(), 65_536));
        add("PUT with a Content-MD5 of other bytes", "400 BadDigest, no object", () -> {
            String key = PREFIX + "bad-md5";
            byte[] body = "the body".getBytes();
            expect(signed("PUT", "/" + BUCKET + "/" + key, Map.of("Content-MD5", md5("another body".getBytes())), body, Instant.now()),
                    statuses(400), "BadDigest");
            absent(BUCKET, key);
        });
        add("PUT over the canary with a wrong Content-MD5", "400 BadDigest, canary kept", () ->
                expect(signed("PUT", canary, Map.of("Content-MD5", md5("x".getBytes())), "overwritten".getBytes(), Instant.now()),
                        statuses(400), "BadDigest"));
        add("PUT with a Content-MD5 that is not base64 of 16 bytes", "400 InvalidDigest", () ->
                expect(signed("PUT", "/" + BUCKET + "/" + PREFIX + "invalid-md5", Map.of("Content-MD5", "not-an-md5!"), "body".getBytes(), Instant.now()),
                        statuses(400), "Digest"));
        add("PUT whose x-amz-content-sha256 is of other bytes", "400/403, no object", () -> {
            String key = PREFIX + "bad-sha";
            URI target = uri("/" + BUCKET + "/" + key);
            Map<String, String> headers = new LinkedHashMap<>(signer.sign("PUT", target, Map.of(), SigV4.sha256Hex("declared".getBytes()), Instant.now()));
            expect(RawHttp.send(stack.s3(), "PUT", target.getRawPath(), withLength(headers, 4), "sent".getBytes(), false),
                    statuses(400, 403), "<Code>");
            absent(BUCKET, key);
        });
        add("PUT with a negative Content-Length", "400", () ->
                expect(RawHttp.send(stack.s3(), "PUT", "/" + BUCKET + "/" + PREFIX + "negative", Map.of("Content-Length", "-5"), new byte[0], true),
                        statuses(400, 403, 411), ""));
        add("PUT with a Content-Length that is not a number", "400", () ->
                expect(RawHttp.send(stack.s3(), "PUT", "/" + BUCKET + "/" + PREFIX + "nan", Map.of("Content-Length", "many"), new byte[0], true),
                        statuses(400, 403, 411), ""));
        add("PUT declaring 10 TB", "400/403 EntityTooLarge or denied before reading", () ->
                expect(signed("PUT", "/" + BUCKET + "/" + PREFIX + "huge", Map.of(), new byte[0], Instant.now(), "UNSIGNED-PAYLOAD", 10L << 40, true),
                        statuses(400, 403, 413), "<Code>"));
        add("GET with a Range past the end", "416 InvalidRange", () ->
                sdkFails(Clients.s3(stack), s3 -> s3.getObject(b -> b.bucket(DamageCheck.BUCKET).key(DamageCheck.KEY).range("bytes=999999-")),
                        416, "InvalidRange"));
        add("aws-chunked upload whose chunk signature is wrong", "400/403, no object", () -> {
            String key = PREFIX + "chunked";
            URI target = uri("/" + BUCKET + "/" + key);
            String chunk = "5;chunk-signature=" + "0".repeat(64) + "\r\nhello\r\n0;chunk-signature=" + "0".repeat(64) + "\r\n\r\n";
            Map<String, String> headers = new LinkedHashMap<>(signer.sign("PUT", target,
                    Map.of("Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "5"), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", Instant.now()));
            expect(RawHttp.send(stack.s3(), "PUT", target.getRawPath(), withLength(headers, chunk.length()), chunk.getBytes(), false),
                    statuses(400, 403), "<Code>");
            absent(BUCKET, key);
        });
    }

    // --- multipart ---------------------------------------------------------------------------------------------

    private void multipart() {
        add("CompleteMultipartUpload with malformed XML", "400 MalformedXML, no object", () ->
                completeWith("not-xml", "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>", statuses(400), "Malformed"));
        add("CompleteMultipartUpload with an empty part list", "400 MalformedXML, no object", () ->
                completeWith("empty", "<CompleteMultipartUpload></CompleteMultipartUpload>", statuses(400), "<Code>"));
        add("CompleteMultipartUpload naming a part with a wrong ETag", "400 InvalidPart, no object", () ->
                completeWith("wrong-etag", "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"0123456789abcdef0123456789abcdef\"</ETag></Part></CompleteMultipartUpload>",
                        statuses(400), "InvalidPart"));
        add("CompleteMultipartUpload with parts in the wrong order", "400 InvalidPartOrder, no object", () ->
                completeWith("order", "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>ETAG</ETag></Part>"
                        + "<Part><PartNumber>1</PartNumber><ETag>ETAG</ETag></Part></CompleteMultipartUpload>", statuses(400), "<Code>"));
        add("CompleteMultipartUpload with a part number that is text", "400, no object", () ->
                completeWith("text-number", "<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>ETAG</ETag></Part></CompleteMultipartUpload>",
                        statuses(400), "<Code>"));
        add("CompleteMultipartUpload with a DOCTYPE entity bomb", "400 quickly, no object", () ->
                completeWith("bomb", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                        + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                        + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\"><!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                        + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\"><!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                        + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\"><!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
                        + "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&lol9;</ETag></Part></CompleteMultipartUpload>",
                        statuses(400), "<Code>"));
        add("CompleteMultipartUpload reading a local file through an external entity", "400, /etc/passwd not echoed", () ->
                completeWith("xxe", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                        + "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&xxe;</ETag></Part></CompleteMultipartUpload>",
                        statuses(400), "<Code>"));
        add("CompleteMultipartUpload of an upload id that does not exist", "404 NoSuchUpload", () -> {
            String path = "/" + BUCKET + "/" + PREFIX + "no-upload?uploadId=does-not-exist";
            byte[] xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>".getBytes();
            expect(signed("POST", path, Map.of(), xml, Instant.now()), statuses(404), "NoSuchUpload");
        });
        add("UploadPart with part number 0", "400 InvalidArgument", () -> partNumber("0"));
        add("UploadPart with part number 10001", "400 InvalidArgument", () -> partNumber("10001"));
        add("UploadPart with part number that is text", "400 InvalidArgument", () -> partNumber("first"));
        add("DeleteObjects with malformed XML", "400 MalformedXML, canary kept", () ->
                expect(signed("POST", "/" + DamageCheck.BUCKET + "?delete", Map.of("Content-MD5", md5("<Delete><Object><Key>".getBytes())),
                        "<Delete><Object><Key>".getBytes(), Instant.now()), statuses(400), "<Code>"));
        add("DeleteObjects whose Content-MD5 does not match (listing the canary)", "400 BadDigest, canary kept", () -> {
            byte[] xml = ("<Delete><Object><Key>" + DamageCheck.KEY + "</Key></Object></Delete>").getBytes();
            expect(signed("POST", "/" + DamageCheck.BUCKET + "?delete", Map.of("Content-MD5", md5("other".getBytes())), xml, Instant.now()),
                    statuses(400), "<Code>");
        });
    }

    // --- keys --------------------------------------------------------------------------------------------------

    private void keys() {
        add("PUT of a key climbing out of its bucket with ../ onto the canary", "refused or stored inside the bucket; canary kept", () -> {
            String key = PREFIX + "../../../" + DamageCheck.BUCKET + "/" + DamageCheck.KEY;
            putOddKey(key, "escaped".getBytes());
        });
        add("PUT of a key ../../outside (raw path, not normalised by a client)", "refused or kept inside the bucket", () -> {
            String path = "/" + BUCKET + "/" + PREFIX + "../../../../badinput-escaped";
            expectNotOutside(signed("PUT", path, Map.of(), "escaped".getBytes(), Instant.now()), "badinput-escaped");
        });
        add("PUT of a key %2e%2e%2f (encoded ..)", "refused or kept inside the bucket", () -> {
            String path = "/" + BUCKET + "/%2e%2e%2f%2e%2e%2f%2e%2e%2fbadinput-escaped-encoded";
            expectNotOutside(signed("PUT", path, Map.of(), "escaped".getBytes(), Instant.now()), "badinput-escaped-encoded");
        });
        add("GET of a key ../../run/endpoints.json (reading outside the store)", "404/400, no file content", () -> {
            RawHttp.Answer answer = signed("GET", "/" + BUCKET + "/..%2f..%2frun%2fendpoints.json", Map.of(), new byte[0], Instant.now());
            expect(answer, statuses(400, 403, 404), "<Code>");
        });
        add("GET of a bucket named .. (listing the data dir)", "400/404, no listing", () -> {
            RawHttp.Answer answer = signed("GET", "/..%2f..?list-type=2", Map.of(), new byte[0], Instant.now());
            expect(answer, statuses(400, 403, 404), "<Code>");
        });
        add("PUT of a key with a NUL byte (encoded)", "400, nothing stored", () -> {
            RawHttp.Answer answer = signed("PUT", "/" + BUCKET + "/" + PREFIX + "nul%00byte", Map.of(), "x".getBytes(), Instant.now());
            expect(answer, statuses(400), "<Code>");
        });
        add("PUT of a key with a raw NUL byte in the request line", "400", () ->
                expect(RawHttp.send(stack.s3(), "PUT", "/" + BUCKET + "/" + PREFIX + "nul\0raw", Map.of("Content-Length", "1"), "x".getBytes(), false),
                        statuses(400, 403), ""));
        add("PUT of a key of 2,000 bytes (S3 allows 1,024)", "400 KeyTooLongError", () ->
                sdkFails(Clients.s3(stack), s3 -> s3.putObject(b -> b.bucket(BUCKET).key(PREFIX + "k".repeat(2000)), RequestBody.fromString("x")),
                        400, "KeyTooLong"));
        add("PUT of a key whose segment is 300 bytes (longer than a file name may be)", "400 or stored, no 500", () -> {
            String key = PREFIX + "s".repeat(300) + "/leaf";
            try (S3Client s3 = Clients.s3(stack)) {
                try {
                    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("long"));
                    if (!s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String().equals("long")) {
                        throw new AssertionError("stored but reads back different bytes");
                    }
                } catch (S3Exception e) {
                    if (e.statusCode() != 400) {
                        throw new AssertionError("expected 400 (or success) but got " + e.statusCode() + " " + e.awsErrorDetails().errorCode()
                                + ": " + e.getMessage());
                    }
                }
            }
        });
        add("PUT of a key with invalid UTF-8 percent-encoding", "400", () ->
                expect(signed("PUT", "/" + BUCKET + "/" + PREFIX + "bad%C3%28utf8", Map.of(), "x".getBytes(), Instant.now()),
                        statuses(400, 403), ""));
        add("PUT of a key with a broken percent-escape", "400", () ->
                expect(RawHttp.send(stack.s3(), "PUT", "/" + BUCKET + "/" + PREFIX + "broken%zzescape", Map.of("Content-Length", "1"), "x".getBytes(), false),
                        statuses(400, 403), ""));
        add("CopyObject from a source key that climbs out with ../", "400/403/404, nothing read outside", () ->
                sdkFails(Clients.s3(stack), s3 -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("../../run/lakehouse.lock")
                        .destinationBucket(BUCKET).destinationKey(PREFIX + "copied")), Set.of(400, 403, 404), ""));
        add("CopyObject onto the canary from a missing source", "404 NoSuchKey, canary kept", () ->
                sdkFails(Clients.s3(stack), s3 -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(PREFIX + "missing")
                        .destinationBucket(DamageCheck.BUCKET).destinationKey(DamageCheck.KEY)), 404, "NoSuch"));
        add("CreateBucket with an invalid name (sent raw: the SDK refuses to)", "400 InvalidBucketName", () ->
                expect(signed("PUT", "/Bad_Bucket..Name", Map.of(), new byte[0], Instant.now()), statuses(400), "InvalidBucketName"));
        add("DeleteBucket of the non-empty canary bucket", "409 BucketNotEmpty", () ->
                sdkFails(Clients.s3(stack), s3 -> s3.deleteBucket(b -> b.bucket(DamageCheck.BUCKET)), 409, "BucketNotEmpty"));
        add("GET from a bucket that does not exist", "404 NoSuchBucket", () ->
                sdkFails(Clients.s3(stack), s3 -> s3.getObject(b -> b.bucket("no-such-bucket").key("x")), 404, "NoSuchBucket"));
    }

    // --- headers and protocol ----------------------------------------------------------------------------------

    private void headersAndProtocol() {
        String canary = "/" + DamageCheck.BUCKET + "/" + DamageCheck.KEY;
        add("a 64 KB request header", "431/400/413, the connection survives nothing", () -> {
            RawHttp.Answer answer = RawHttp.send(stack.s3(), "GET", canary, Map.of("X-Amz-Meta-Big", "b".repeat(64 * 1024)), new byte[0], false);
            if (answer.status() != -1) {
                expect(answer, statuses(400, 403, 413, 431), "");
            }
        });
        add("1 MB of request headers (2,000 headers)", "431/400 or the connection closed, no hang", () -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < 2000; i++) {
                headers.put("X-Amz-Meta-H" + i, "v".repeat(500));
            }
            RawHttp.Answer answer = RawHttp.send(stack.s3(), "GET", canary, headers, new byte[0], false);
            if (answer.status() != -1) {
                expect(answer, statuses(400, 403, 413, 431), "");
            }
        });
        add("user metadata of 8 KB (S3 allows 2 KB)", "400, or stored and read back whole", () -> {
            String key = PREFIX + "big-metadata";
            String value = "m".repeat(8192);
            try (S3Client s3 = Clients.s3(stack)) {
                try {
                    s3.putObject(b -> b.bucket(BUCKET).key(key).metadata(Map.of("big", value)), RequestBody.fromString("x"));
                } catch (S3Exception e) {
                    // 431: the header is over what the HTTP server reads, which is as clear
                    Expect.answer("S3", e.statusCode(), e.awsErrorDetails().errorCode() + " " + e.getMessage(), statuses(400, 431), "");
                    absent(BUCKET, key);
                    return;
                }
                // S3Proxy is more lenient than S3 here: then nothing may be lost
                if (!value.equals(s3.headObject(b -> b.bucket(BUCKET).key(key)).metadata().get("big"))) {
                    throw new AssertionError("8 KB of metadata accepted but not kept whole");
                }
            }
        });
        add("a PUT offering an HTTP/2 upgrade (Upgrade: h2c)", "answered as HTTP/1.1", () -> {
            String path = "/" + BUCKET + "/" + PREFIX + "h2c";
            byte[] body = "upgrade offered".getBytes();
            RawHttp.Answer answer = signed("PUT", path, Map.of("Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c",
                    "HTTP2-Settings", "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA"), body, Instant.now());
            if (answer.status() != 200) {
                throw new AssertionError("PUT with Upgrade: h2c answered " + answer);
            }
        });
        add("a header line without a colon", "400", () ->
                expect(RawHttp.exchange(stack.s3(), ("GET " + canary + " HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n").getBytes(), false),
                        statuses(400), ""));
        add("an unknown HTTP method (BREW)", "4xx/501", () ->
                expect(RawHttp.send(stack.s3(), "BREW", canary, Map.of(), new byte[0], false), statuses(400, 403, 405, 501), ""));
        add("HTTP/9.9", "400/505", () ->
                expect(RawHttp.exchange(stack.s3(), ("GET " + canary + " HTTP/9.9\r\nHost: x\r\n\r\n").getBytes(), false), statuses(400, 505), ""));
        add("64 KB of random bytes instead of HTTP", "400 or closed, no hang", () -> {
            byte[] garbage = new byte[64 * 1024];
            new java.util.Random(3).nextBytes(garbage);
            RawHttp.Answer answer = RawHttp.exchange(stack.s3(), garbage, true);
            if (answer.status() != -1) {
                expect(answer, statuses(400, 414, 431), "");
            }
        });
        add("a request line of 100 KB", "414/400", () -> {
            RawHttp.Answer answer = RawHttp.send(stack.s3(), "GET", "/" + BUCKET + "/" + "a".repeat(100_000), Map.of(), new byte[0], false);
            if (answer.status() != -1) {
                expect(answer, statuses(400, 403, 414, 431), "");
            }
        });
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private URI uri(String rawPathAndQuery) {
        return URI.create(stack.s3().toString().replaceAll("/$", "") + rawPathAndQuery);
    }

    private RawHttp.Answer signed(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body, Instant time) throws Exception {
        return signed(method, rawPathAndQuery, headers, body, time, SigV4.sha256Hex(body), body.length, false);
    }

    private RawHttp.Answer signed(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body, Instant time,
                                  String payloadHash, long contentLength, boolean closeOutput) throws Exception {
        URI target = uri(rawPathAndQuery);
        // hop-by-hop headers are the connection's, not the request's: no client signs them
        Map<String, String> toSign = new LinkedHashMap<>();
        Map<String, String> unsigned = new LinkedHashMap<>();
        headers.forEach((k, v) -> (Set.of("connection", "upgrade", "http2-settings").contains(k.toLowerCase()) ? unsigned : toSign).put(k, v));
        Map<String, String> all = new LinkedHashMap<>(signer.sign(method, target, toSign, payloadHash, time));
        all.putAll(unsigned);
        return RawHttp.send(stack.s3(), method, rawPathAndQuery, withLength(all, contentLength), body, closeOutput);
    }

    private static Map<String, String> withLength(Map<String, String> headers, long length) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Length", String.valueOf(length));
        return all;
    }

    private void truncatedPut(String path, byte[] sent, long declared) throws Exception {
        RawHttp.Answer answer = signed("PUT", path, Map.of(), sent, Instant.now(), "UNSIGNED-PAYLOAD", declared, true);
        if (answer.status() >= 200 && answer.status() < 300) {
            throw new AssertionError("a body of " + sent.length + " of " + declared + " bytes was accepted: " + answer);
        }
        if (answer.status() >= 500) {
            throw new AssertionError("a truncated body answered " + answer);
        }
    }

    private void expect(RawHttp.Answer answer, Set<Integer> statuses, String word) {
        Expect.answer("S3", answer.status(), answer.head() + "\n" + answer.body(), statuses, word);
    }

    private void expectHttp(HttpRequest.Builder request, Set<Integer> statuses, String word) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Expect.answer("S3", response.statusCode(), response.body(), statuses, word);
        }
    }

    private static void sdkFails(S3Client client, Consumer<S3Client> call, int status, String code) {
        sdkFails(client, call, Set.of(status), code);
    }

    private static void sdkFails(S3Client client, Consumer<S3Client> call, Set<Integer> statuses, String code) {
        try (client) {
            call.accept(client);
        } catch (S3Exception e) {
            String error = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            Expect.answer("S3", e.statusCode(), error + " " + e.getMessage(), statuses, code);
            return;
        }
        throw new AssertionError("the request succeeded, expected " + statuses + " " + code);
    }

    private void absent(String bucket, String key) {
        try (S3Client s3 = Clients.s3(stack)) {
            s3.headObject(b -> b.bucket(bucket).key(key));
            throw new AssertionError("s3://" + bucket + "/" + key + " exists after a refused write");
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new AssertionError("HEAD s3://" + bucket + "/" + key + " answered " + e.statusCode());
            }
        }
    }

    private void absentAfterAWhile(String bucket, String key) throws InterruptedException {
        Thread.sleep(500); // the server notices the closed connection on its own time
        absent(bucket, key);
    }

    private void putOddKey(String key, byte[] body) {
        try (S3Client s3 = Clients.s3(stack)) {
            try {
                s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
            } catch (S3Exception e) {
                Expect.answer("S3", e.statusCode(), e.awsErrorDetails().errorCode() + " " + e.getMessage(), statuses(400, 403), "");
                return;
            }
            // accepted: then it must read back as that key, inside its bucket
            byte[] back = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
            if (!java.util.Arrays.equals(back, body)) {
                throw new AssertionError("stored " + key + " reads back other bytes");
            }
        }
    }

    private void expectNotOutside(RawHttp.Answer answer, String fileName) throws Exception {
        if (answer.status() >= 500 || answer.status() == -1) {
            throw new AssertionError("S3 answered " + answer);
        }
        try (var files = Files.walk(stack.dataDir(), 3)) {
            List<Path> escaped = files.filter(p -> p.getFileName().toString().equals(fileName))
                    .filter(p -> !p.startsWith(stack.dataDir().resolve("s3").resolve(BUCKET))).toList();
            if (!escaped.isEmpty()) {
                throw new AssertionError("a key with .. wrote outside its bucket: " + escaped);
            }
        }
        if (answer.status() >= 400) {
            expect(answer, statuses(400, 403, 404), "<Code>");
        }
    }

    private void completeWith(String name, String xml, Set<Integer> statuses, String word) throws Exception {
        String key = PREFIX + "multipart-" + name;
        try (S3Client s3 = Clients.s3(stack)) {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
            try {
                String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
                        RequestBody.fromBytes(new byte[1024])).eTag();
                byte[] body = xml.replace("ETAG", etag).getBytes(StandardCharsets.UTF_8);
                RawHttp.Answer answer = signed("POST", "/" + BUCKET + "/" + key + "?uploadId=" + uploadId, Map.of(), body, Instant.now());
                expect(answer, statuses, word);
                if (answer.body().contains("root:")) {
                    throw new AssertionError("the answer echoes a local file: " + answer);
                }
                absent(BUCKET, key);
            } finally {
                s3.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId));
            }
        }
    }

    private void partNumber(String number) throws Exception {
        String key = PREFIX + "part-number";
        try (S3Client s3 = Clients.s3(stack)) {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
            try {
                expect(signed("PUT", "/" + BUCKET + "/" + key + "?partNumber=" + number + "&uploadId=" + uploadId, Map.of(), "part".getBytes(), Instant.now()),
                        statuses(400), "<Code>");
            } finally {
                s3.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId));
            }
        }
    }

    private static String md5(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
