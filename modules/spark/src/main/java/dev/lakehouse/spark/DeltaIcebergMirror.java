package dev.lakehouse.spark;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trino's route to Delta tables: an Iceberg table in the lakehouse's catalog whose snapshot lists the Parquet files of
 * a Delta table's current version, the translation Apache XTable and Delta UniForm make (neither is served by the
 * Maven repository here, nor is Trino's Delta connector). The files are shared, never copied: a mirror costs one
 * Iceberg commit and a Parquet footer read per new file.
 * <p>
 * A mirror is read-only and as fresh as its last {@link #mirror}: each call brings it to the Delta table's newest
 * version in one commit (files the version removed leave the mirror, new ones join it, new columns are added), and
 * does nothing when the version is already mirrored. It records the version and the Delta location in the table's
 * properties, and turns Iceberg's garbage collection off for it, since the files are the Delta table's.
 * <p>
 * Refused, with the reason: Delta tables with deletion vectors (rows deleted without rewriting their file, which an
 * Iceberg v2 table cannot say of a file it did not write) and with column mapping (Parquet columns named other than
 * the table's columns); an Iceberg table of that name that is not a mirror of that location.
 */
public final class DeltaIcebergMirror {
    /**
     * The table property naming the Delta table a mirror reflects. The catalog's purge knows it: dropping a mirror
     * (Trino's DROP TABLE) deletes the mirror's metadata, never the Delta table's files.
     */
    public static final String DELTA_LOCATION = "lakehouse.delta.location";
    /** The table property holding the Delta version a mirror reflects. */
    public static final String DELTA_VERSION = "lakehouse.delta.version";

    private final SparkSession spark;
    private final Catalog catalog;

    private DeltaIcebergMirror(SparkSession spark, Catalog catalog) {
        this.spark = spark;
        this.catalog = catalog;
    }

    /** Mirrors into {@code spark}'s default catalog (the lakehouse's, on its branch). */
    public static DeltaIcebergMirror into(SparkSession spark) {
        CatalogPlugin plugin = spark.sessionState().catalogManager().currentCatalog();
        if (!(plugin instanceof SparkCatalog iceberg)) {
            throw new IllegalStateException("the session's default catalog " + plugin.name() + " is not an Iceberg catalog");
        }
        return new DeltaIcebergMirror(spark, iceberg.icebergCatalog());
    }

    /** What a {@link #mirror} did. */
    public record Result(TableIdentifier table, long deltaVersion, int filesAdded, int filesRemoved, boolean changed) {
        public String describe() {
            return changed
                    ? table + " mirrors Delta version " + deltaVersion + " (+" + filesAdded + " / -" + filesRemoved + " files)"
                    : table + " already mirrors Delta version " + deltaVersion;
        }
    }

    /**
     * Brings the Iceberg table {@code target} to the newest version of the Delta table at {@code deltaLocation},
     * creating it (and its namespace) on the first call.
     *
     * @throws IllegalArgumentException when there is no Delta table there, or it cannot be mirrored, or {@code target}
     *                                  is a table of another kind
     */
    public Result mirror(String deltaLocation, TableIdentifier target) {
        String location = deltaLocation.replaceAll("/+$", "");
        Snapshot snapshot = DeltaLog.forTableWithSnapshot(spark, location)._2();
        if (snapshot.version() < 0) {
            throw new IllegalArgumentException("no Delta table at " + location + " (no _delta_log there)");
        }
        Map<String, String> configuration = CollectionConverters.asJava(snapshot.metadata().configuration());
        String columnMapping = configuration.getOrDefault("delta.columnMapping.mode", "none");
        if (!columnMapping.equals("none")) {
            throw new IllegalArgumentException("the Delta table at " + location + " uses column mapping (" + columnMapping
                    + "): its Parquet columns are not named as its columns, which the mirror does not translate");
        }
        List<String> partitionColumns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
        List<DeltaFile> deltaFiles = deltaFiles(snapshot, location);

        Schema schema = SparkSchemaUtil.convert(snapshot.schema());
        Transaction transaction;
        Map<String, DataFile> current;
        if (catalog.tableExists(target)) {
            Table existing = existingMirror(target, location);
            // read before the transaction: a transaction's table cannot be scanned
            current = currentFiles(existing);
            transaction = existing.newTransaction();
        } else {
            current = new HashMap<>();
            transaction = create(target, schema, partitionColumns, location);
        }
        Table table = transaction.table();
        String mirrored = table.properties().get(DELTA_VERSION);
        if (Objects.equals(mirrored, String.valueOf(snapshot.version()))) {
            return new Result(target, snapshot.version(), 0, 0, false);
        }
        if (!table.spec().fields().stream().map(field -> table.schema().findColumnName(field.sourceId())).toList().equals(partitionColumns)) {
            throw new IllegalArgumentException("the Delta table at " + location + " is now partitioned by " + partitionColumns
                    + ", its mirror " + target + " by " + table.spec() + ": drop the mirror to make it again");
        }
        if (!table.schema().sameSchema(schema)) {
            transaction.updateSchema().unionByNameWith(schema).commit();
        }
        NameMapping nameMapping = MappingUtil.create(table.schema());
        transaction.updateProperties()
                .set(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(nameMapping))
                .set(DELTA_VERSION, String.valueOf(snapshot.version()))
                .commit();

        OverwriteFiles overwrite = transaction.newOverwrite();
        int added = 0;
        MetricsConfig metricsConfig = MetricsConfig.forTable(table);
        for (DeltaFile file : deltaFiles) {
            if (current.remove(file.path()) == null) {
                overwrite.addFile(dataFile(table, file, partitionColumns, metricsConfig, nameMapping));
                added++;
            }
        }
        current.values().forEach(overwrite::deleteFile);
        if (added > 0 || !current.isEmpty()) {
            overwrite.commit();
        }
        transaction.commitTransaction();
        return new Result(target, snapshot.version(), added, current.size(), true);
    }

    private Table existingMirror(TableIdentifier target, String location) {
        Table table = catalog.loadTable(target);
        String source = table.properties().get(DELTA_LOCATION);
        if (!location.equals(source)) {
            throw new IllegalArgumentException(target + " already exists and is not a mirror of " + location
                    + (source == null ? " (an Iceberg table of its own)" : " (it mirrors " + source + ")") + ": name another table");
        }
        return table;
    }

    private Transaction create(TableIdentifier target, Schema schema, List<String> partitionColumns, String location) {
        if (catalog instanceof SupportsNamespaces namespaces && !target.namespace().isEmpty() && !namespaces.namespaceExists(target.namespace())) {
            namespaces.createNamespace(target.namespace());
        }
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        partitionColumns.forEach(spec::identity);
        return catalog.buildTable(target, schema)
                .withPartitionSpec(spec.build())
                .withProperty(DELTA_LOCATION, location)
                // the files are the Delta table's: expiring the mirror's snapshots or removing orphans must not delete them
                .withProperty(TableProperties.GC_ENABLED, "false")
                .withProperty("comment", "read-only Iceberg mirror of the Delta table at " + location)
                .createTransaction();
    }

    /** A data file of the Delta version: where it is (as Iceberg names it), its size, its partition values. */
    private record DeltaFile(String path, long size, Map<String, String> partitionValues) {
    }

    private List<DeltaFile> deltaFiles(Snapshot snapshot, String location) {
        List<Row> rows = snapshot.allFiles().toDF().selectExpr("path", "size", "partitionValues", "deletionVector IS NOT NULL").collectAsList();
        List<DeltaFile> files = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.getBoolean(3)) {
                throw new IllegalArgumentException("the Delta table at " + location + " has deletion vectors (rows deleted without "
                        + "rewriting their files), which an Iceberg mirror cannot express: ALTER TABLE ... SET TBLPROPERTIES "
                        + "('delta.enableDeletionVectors' = false), then REORG TABLE ... APPLY (PURGE)");
            }
            Map<String, String> partitionValues = row.isNullAt(2) ? Map.of() : CollectionConverters.asJava(row.<scala.collection.Map<String, String>>getAs(2));
            files.add(new DeltaFile(absolute(location, row.getString(0)), row.getLong(1), partitionValues));
        }
        return files;
    }

    /**
     * Delta keeps a file's path URL-encoded and relative to the table; Iceberg wants it whole and as written. s3a:// is
     * Hadoop's name for the same objects as s3://, the name every Iceberg reader (and Trino) knows.
     */
    static String absolute(String location, String deltaPath) {
        String path;
        try {
            URI uri = new URI(deltaPath);
            path = uri.isAbsolute() ? uri.getScheme() + "://" + uri.getRawAuthority() + uri.getPath() : location + "/" + uri.getPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a file path in the Delta log of " + location + " is not a URI: " + deltaPath, e);
        }
        return path.startsWith("s3a://") ? "s3://" + path.substring("s3a://".length()) : path;
    }

    private static Map<String, DataFile> currentFiles(Table table) {
        Map<String, DataFile> files = new HashMap<>();
        if (table.currentSnapshot() == null) {
            return files;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                files.put(task.file().location(), task.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static DataFile dataFile(Table table, DeltaFile file, List<String> partitionColumns, MetricsConfig metricsConfig, NameMapping nameMapping) {
        Metrics metrics = ParquetUtil.fileMetrics(table.io().newInputFile(file.path(), file.size()), metricsConfig, nameMapping);
        DataFiles.Builder builder = DataFiles.builder(table.spec())
                .withPath(file.path())
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(file.size())
                .withMetrics(metrics);
        if (!partitionColumns.isEmpty()) {
            builder.withPartitionValues(partitionColumns.stream().map(file.partitionValues()::get).toList());
        }
        return builder.build();
    }
}
