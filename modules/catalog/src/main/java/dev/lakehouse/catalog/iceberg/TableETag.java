package dev.lakehouse.catalog.iceberg;

import jakarta.ws.rs.core.EntityTag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ETag of a loaded table: a digest of its metadata file's location (a metadata file is never rewritten, so
 * the location names the content) and of the snapshots the response holds. A client that sends it back in
 * If-None-Match (Iceberg's REST client does, from 1.11) gets 304 while the table is unchanged, and keeps the
 * table it has instead of receiving and parsing the metadata again.
 */
final class TableETag {
    private TableETag() {
    }

    static EntityTag of(String metadataLocation, String snapshots) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(metadataLocation.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(snapshots.getBytes(StandardCharsets.UTF_8));
            return new EntityTag(HexFormat.of().formatHex(sha256.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
