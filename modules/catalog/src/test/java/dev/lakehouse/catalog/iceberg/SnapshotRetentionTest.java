package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which snapshots a commit keeps: the newest N, every one younger than the age, and every one a ref points at. */
class SnapshotRetentionTest {
    private TableMetadata twelveCommits;
    private List<Snapshot> oldestFirst;

    @BeforeEach
    void twelveAppends() throws Exception {
        try (InMemoryCatalog catalog = new InMemoryCatalog()) {
            catalog.initialize("test", Map.of());
            catalog.createNamespace(Namespace.of("db"));
            Table table = catalog.createTable(TableIdentifier.of("db", "t"), new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
            for (int i = 0; i < 12; i++) {
                table.newFastAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned()).withPath("/data/" + i + ".parquet")
                        .withFileSizeInBytes(10).withRecordCount(1).build()).commit();
                Thread.sleep(2); // distinct timestamps
            }
            table.manageSnapshots().createTag("first", table.snapshots().iterator().next().snapshotId()).commit();
            twelveCommits = ((HasTableOperations) table).operations().current();
        }
        oldestFirst = twelveCommits.snapshots().stream().sorted(java.util.Comparator.comparingLong(Snapshot::sequenceNumber)).toList();
    }

    @Test
    void keepsTheNewestAndWhatARefPointsAtWhenNoneIsYoung() {
        TableMetadata kept = new SnapshotRetention(5, Duration.ZERO).apply(twelveCommits, Instant.now());
        assertThat(ids(kept.snapshots())).containsExactlyInAnyOrderElementsOf(
                ids(List.of(oldestFirst.getFirst(), oldestFirst.get(7), oldestFirst.get(8), oldestFirst.get(9), oldestFirst.get(10), oldestFirst.get(11))));
    }

    @Test
    void keepsEverySnapshotYoungerThanTheAgeHoweverMany() {
        Instant justAfterTheLast = Instant.ofEpochMilli(oldestFirst.getLast().timestampMillis()).plusMillis(1);
        assertThat(new SnapshotRetention(5, Duration.ofHours(1)).apply(twelveCommits, justAfterTheLast)).isSameAs(twelveCommits);

        // an age that the 4 newest are younger than, fewer than the count: the count decides
        Duration ageOfTheFourth = Duration.ofMillis(justAfterTheLast.toEpochMilli() - oldestFirst.get(8).timestampMillis());
        assertThat(new SnapshotRetention(5, ageOfTheFourth).apply(twelveCommits, justAfterTheLast).snapshots()).hasSize(6);

        // an age that the 9 newest are younger than, more than the count: the age decides
        Duration ageOfTheNinth = Duration.ofMillis(justAfterTheLast.toEpochMilli() - oldestFirst.get(3).timestampMillis());
        TableMetadata kept = new SnapshotRetention(5, ageOfTheNinth).apply(twelveCommits, justAfterTheLast);
        assertThat(ids(kept.snapshots())).containsExactlyInAnyOrderElementsOf(ids(List.of(oldestFirst.getFirst(), oldestFirst.get(3),
                oldestFirst.get(4), oldestFirst.get(5), oldestFirst.get(6), oldestFirst.get(7), oldestFirst.get(8), oldestFirst.get(9),
                oldestFirst.get(10), oldestFirst.get(11))));
    }

    @Test
    void zeroKeepsAll() {
        assertThat(new SnapshotRetention(0, Duration.ZERO).apply(twelveCommits, Instant.now())).isSameAs(twelveCommits);
    }

    private static List<Long> ids(List<Snapshot> snapshots) {
        return snapshots.stream().map(Snapshot::snapshotId).toList();
    }
}
