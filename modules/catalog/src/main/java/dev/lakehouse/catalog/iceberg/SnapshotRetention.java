package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many snapshots a table's metadata keeps: the newest {@code kept}, and every snapshot a branch or tag of the
 * table points at. Older ones leave the metadata with the commit that makes them too many, and their files stay
 * where they are.
 * <p>
 * Why: Nessie creates tables with {@code gc.enabled=false} (another branch may share their files), so Iceberg's
 * {@code expire_snapshots} refuses to run, and a table that streaming commits to every few seconds would otherwise
 * carry thousands of snapshots in every copy of its metadata that Spark, Trino and the catalog hold in the one heap.
 * Nothing is lost by leaving them out: each Nessie commit still points at the metadata file of its time, so
 * {@code main@<hash>} reads the table as it was then, with its snapshots; files are only ever deleted by a purge.
 * Off by default: a reader more than {@code kept} commits behind (a stream's checkpoint) fails on a dropped snapshot.
 *
 * @param kept the newest snapshots a table keeps; 0 keeps them all
 */
public record SnapshotRetention(int kept) {
    public SnapshotRetention {
        if (kept < 0) {
            throw new IllegalArgumentException("kept must be 0 (all) or more, not " + kept);
        }
    }

    /** Whether every snapshot stays (the default: a count cannot know how far behind a stream reading the table is). */
    public boolean keepsAll() {
        return kept == 0;
    }

    /** The metadata to commit: {@code metadata} itself when it has no snapshot too many. */
    public TableMetadata apply(TableMetadata metadata) {
        List<Snapshot> snapshots = metadata.snapshots();
        if (keepsAll() || snapshots.size() <= kept) {
            return metadata;
        }
        Set<Long> retained = new HashSet<>();
        // newest first; sequence numbers order the commits of a v2 table, timestamps those of a v1 table (all 0)
        snapshots.stream()
                .sorted(Comparator.comparingLong(Snapshot::sequenceNumber).thenComparingLong(Snapshot::timestampMillis).reversed())
                .limit(kept)
                .forEach(snapshot -> retained.add(snapshot.snapshotId()));
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
