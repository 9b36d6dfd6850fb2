package dev.lakehouse.app.badinput;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * AWS Signature Version 4 for hand-made S3 requests: the SDK always signs correctly and with the current time,
 * the bad-input cases need stale dates, lying payload hashes and presigned URLs that have expired.
 */
final class SigV4 {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String accessKey;
    private final String secretKey;
    private final String region;

    SigV4(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /** The headers (Authorization, x-amz-date, x-amz-content-sha256, host) of a request signed at {@code time}. */
    Map<String, String> sign(String method, URI uri, Map<String, String> extraHeaders, String payloadSha256, Instant time) {
        String amzDate = AMZ_DATE.format(time);
        TreeMap<String, String> headers = new TreeMap<>();
        extraHeaders.forEach((k, v) -> headers.put(k.toLowerCase(), v.trim()));
        headers.put("host", uri.getHost() + ":" + uri.getPort());
        headers.put("x-amz-date", amzDate);
        headers.put("x-amz-content-sha256", payloadSha256);
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalHeaders = headers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining());
        String canonical = method + "\n" + canonicalPath(uri) + "\n" + canonicalQuery(uri.getRawQuery()) + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadSha256;
        String scope = amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        String signature = signature(amzDate, scope, canonical);
        TreeMap<String, String> result = new TreeMap<>(headers);
        result.remove("host"); // java.net.http sets it (restricted header)
        result.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature);
        return result;
    }

    /** A presigned URL for {@code method} on {@code uri}, signed at {@code time} and valid {@code expiresSeconds} from then. */
    URI presign(String method, URI uri, Instant time, long expiresSeconds) {
        String amzDate = AMZ_DATE.format(time);
        String scope = amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + encode(accessKey + "/" + scope)
                + "&X-Amz-Date=" + amzDate
                + "&X-Amz-Expires=" + expiresSeconds
                + "&X-Amz-SignedHeaders=host";
        String canonical = method + "\n" + canonicalPath(uri) + "\n" + canonicalQuery(query) + "\n"
                + "host:" + uri.getHost() + ":" + uri.getPort() + "\n\nhost\nUNSIGNED-PAYLOAD";
        return URI.create(uri.toString() + "?" + query + "&X-Amz-Signature=" + signature(amzDate, scope, canonical));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String signature(String amzDate, String scope, String canonical) {
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, toSign));
    }

    private static String canonicalPath(URI uri) {
        String raw = uri.getRawPath();
        return raw == null || raw.isEmpty() ? "/" : raw;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            sorted.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
