package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which snapshots a table's metadata keeps, with the two bounds of Iceberg's own expiry
 * ({@code history.expire.min-snapshots-to-keep} and {@code history.expire.max-snapshot-age-ms}): a snapshot leaves
 * only when it is neither one of the newest {@code kept} nor younger than {@code maxAge}. Every snapshot a branch or
 * tag of the table points at stays. A snapshot leaves with the commit that makes it too old and too many; its files
 * stay where they are.
 * <p>
 * Why: Nessie creates tables with {@code gc.enabled=false} (another branch may share their files), so Iceberg's
 * {@code expire_snapshots} refuses to run, and a table that streaming commits to every few seconds would otherwise
 * carry thousands of snapshots in every copy of its metadata that Spark, Trino and the catalog hold in the one heap.
 * Nothing is lost by leaving them out: each Nessie commit still points at the metadata file of its time, so
 * {@code main@<hash>} reads the table as it was then, with its snapshots; files are only ever deleted by a purge.
 * The age bound is what keeps a reader that lags safe: a stream's checkpoint names the last snapshot it read, and
 * a count alone drops it as soon as enough commits land while the stream waits for its next run.
 *
 * @param kept   the newest snapshots a table always keeps; 0 keeps every snapshot, whatever its age
 * @param maxAge how long every snapshot stays, however many newer ones there are
 */
public record SnapshotRetention(int kept, Duration maxAge) {
    public SnapshotRetention {
        if (kept < 0) {
            throw new IllegalArgumentException("kept must be 0 (all) or more, not " + kept);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, not " + maxAge);
        }
    }

    /** Whether every snapshot stays. */
    public boolean keepsAll() {
        return kept == 0;
    }

    /** The metadata to commit: {@code metadata} itself when no snapshot is both too old and too many. */
    public TableMetadata apply(TableMetadata metadata) {
        return apply(metadata, Instant.now());
    }

    TableMetadata apply(TableMetadata metadata, Instant now) {
        List<Snapshot> snapshots = metadata.snapshots();
        if (keepsAll() || snapshots.size() <= kept) {
            return metadata;
        }
        long youngSince = now.minus(maxAge).toEpochMilli();
        Set<Long> retained = new HashSet<>();
        // newest first; sequence numbers order the commits of a v2 table, timestamps those of a v1 table (all 0)
        snapshots.stream()
                .sorted(Comparator.comparingLong(Snapshot::sequenceNumber).thenComparingLong(Snapshot::timestampMillis).reversed())
                .limit(kept)
                .forEach(snapshot -> retained.add(snapshot.snapshotId()));
        snapshots.stream().filter(snapshot -> snapshot.timestampMillis() >= youngSince).forEach(snapshot -> retained.add(snapshot.snapshotId()));
        for (SnapshotRef ref : metadata.refs().values()) {
            retained.add(ref.snapshotId());
        }
        if (metadata.currentSnapshot() != null) {
            retained.add(metadata.currentSnapshot().snapshotId());
        }
        List<Long> removed = snapshots.stream().map(Snapshot::snapshotId).filter(id -> !retained.contains(id)).toList();
        return removed.isEmpty() ? metadata : TableMetadata.buildFrom(metadata).removeSnapshots(removed).build();
    }
}
