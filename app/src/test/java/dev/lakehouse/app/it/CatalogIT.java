package dev.lakehouse.app.it;

import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.model.Branch;
import org.projectnessie.model.LogResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog through Iceberg's RESTCatalog, the Nessie Java client and raw HTTP, on storage + catalog. */
@SharedStack(services = "catalog")
class CatalogIT {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "city", Types.StringType.get()));

    private static LakehouseProcess lakehouse;
    private static RESTCatalog main;
    private static NessieApiV2 nessie;

    @BeforeAll
    static void connect(LakehouseProcess running) throws IOException {
        lakehouse = running;
        main = IcebergClients.restCatalog(lakehouse, "main");
        nessie = NessieClientBuilder.createClientBuilderFromSystemSettings()
                .withUri(lakehouse.endpoint("catalog", "nessie")).build(NessieApiV2.class);
    }

    @AfterAll
    static void disconnect() throws IOException {
        main.close();
        nessie.close();
    }

    @Test
    void tablesOnMainAreNessieCommitsAndPlainFiles() throws Exception {
        Namespace namespace = namespace("files");
        main.createNamespace(namespace, new HashMap<>(Map.of("owner", "trainee")));
        Table table = main.createTable(TableIdentifier.of(namespace, "cities"), SCHEMA);
        DataFile file = writeDataFile(table, "paris-lisbon");
        table.newAppend().appendFile(file).commit();

        Table reloaded = main.loadTable(TableIdentifier.of(namespace, "cities"));
        assertThat(reloaded.currentSnapshot().addedDataFiles(reloaded.io())).extracting(DataFile::location).containsExactly(file.location());

        Path tableDir = onDisk(reloaded.location());
        try (Stream<Path> metadata = Files.list(tableDir.resolve("metadata"))) {
            assertThat(metadata.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.endsWith(".metadata.json")).anyMatch(name -> name.endsWith(".avro"));
        }
        assertThat(Files.readString(onDisk(file.location()))).isEqualTo("paris-lisbon");

        LogResponse log = nessie.getCommitLog().refName("main").maxRecords(20).get();
        assertThat(log.getLogEntries()).extracting(e -> e.getCommitMeta().getMessage())
                .anyMatch(message -> message.contains(namespace + ".cities"));
    }

    @Test
    void aCommitOnABranchIsInvisibleOnMainUntilMerged() throws Exception {
        Namespace namespace = namespace("wap");
        main.createNamespace(namespace);
        TableIdentifier orders = TableIdentifier.of(namespace, "orders");
        main.createTable(orders, SCHEMA);
        String branch = "dev_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(cli("branch", "create", branch).exitCode()).isZero();

        try (RESTCatalog dev = IcebergClients.restCatalog(lakehouse, branch)) {
            Table onDev = dev.loadTable(orders);
            onDev.newAppend().appendFile(writeDataFile(onDev, "dev rows")).commit();
            assertThat(dev.loadTable(orders).currentSnapshot()).isNotNull();
            dev.createTable(TableIdentifier.of(namespace, "only_on_dev"), SCHEMA);

            assertThat(main.loadTable(orders).currentSnapshot()).as("main before the merge").isNull();
            assertThat(main.tableExists(TableIdentifier.of(namespace, "only_on_dev"))).isFalse();

            LakehouseProcess.Result merge = cli("branch", "merge", branch);
            assertThat(merge.exitCode()).as(merge.stderr()).isZero();
            assertThat(merge.stdout()).contains("Merged " + branch + " into main");

            Snapshot merged = main.loadTable(orders).currentSnapshot();
            assertThat(merged).isNotNull();
            assertThat(merged.snapshotId()).isEqualTo(dev.loadTable(orders).currentSnapshot().snapshotId());
            assertThat(main.tableExists(TableIdentifier.of(namespace, "only_on_dev"))).isTrue();
        }
        Branch head = (Branch) nessie.getReference().refName("main").get();
        assertThat(nessie.getCommitLog().refName("main").get().getLogEntries().getFirst().getCommitMeta().getHash())
                .isEqualTo(head.getHash());
        assertThat(cli("branch", "list").stdout()).contains(branch, "main");
        assertThat(cli("branch", "delete", branch).exitCode()).isZero();
        assertThat(cli("branch", "list").stdout()).doesNotContain(branch);
    }

    @Test
    void namespacesTablesAndViewsThroughTheirLife() throws Exception {
        Namespace namespace = namespace("life");
        main.createNamespace(namespace, new HashMap<>(Map.of("a", "1")));
        main.setProperties(namespace, new HashMap<>(Map.of("b", "2")));
        main.removeProperties(namespace, new java.util.HashSet<>(java.util.Set.of("a")));
        assertThat(main.loadNamespaceMetadata(namespace)).containsEntry("b", "2").doesNotContainKey("a");
        assertThat(main.listNamespaces()).contains(namespace);

        // stage-create: the table exists only once the create transaction commits
        TableIdentifier staged = TableIdentifier.of(namespace, "staged");
        Transaction create = main.buildTable(staged, SCHEMA).withPartitionSpec(PartitionSpec.unpartitioned()).createTransaction();
        assertThat(main.tableExists(staged)).isFalse();
        create.commitTransaction();
        assertThat(main.tableExists(staged)).isTrue();

        TableIdentifier renamed = TableIdentifier.of(namespace, "renamed");
        main.renameTable(staged, renamed);
        assertThat(main.listTables(namespace)).containsExactly(renamed);

        View view = main.buildView(TableIdentifier.of(namespace, "big_ids")).withSchema(SCHEMA)
                .withDefaultNamespace(namespace).withQuery("spark", "SELECT * FROM renamed WHERE id > 10").create();
        assertThat(main.loadView(TableIdentifier.of(namespace, "big_ids")).currentVersion().versionId())
                .isEqualTo(view.currentVersion().versionId());
        assertThat(main.listViews(namespace)).hasSize(1);
        assertThat(main.dropView(TableIdentifier.of(namespace, "big_ids"))).isTrue();

        Table purged = main.createTable(TableIdentifier.of(namespace, "purged"), SCHEMA);
        DataFile file = writeDataFile(purged, "to be purged");
        purged.newAppend().appendFile(file).commit();
        assertThat(main.dropTable(TableIdentifier.of(namespace, "purged"), true)).isTrue();
        assertThat(onDisk(file.location())).as("purge deletes the data files").doesNotExist();
        assertThatThrownBy(() -> main.loadTable(TableIdentifier.of(namespace, "purged"))).isInstanceOf(NoSuchTableException.class);

        assertThat(main.dropTable(renamed, false)).isTrue();
        assertThat(main.dropNamespace(namespace)).isTrue();
        assertThat(main.namespaceExists(namespace)).isFalse();
    }

    @Test
    void concurrentCommitsToOneTableAllLand() throws Exception {
        Namespace namespace = namespace("race");
        main.createNamespace(namespace);
        TableIdentifier identifier = TableIdentifier.of(namespace, "events");
        main.buildTable(identifier, SCHEMA).withProperty("commit.retry.num-retries", "20")
                .withProperty("commit.retry.min-wait-ms", "20").create();

        int writers = 2;
        int commitsEach = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            results.add(pool.submit((Callable<List<String>>) () -> {
                List<String> added = new ArrayList<>();
                try (RESTCatalog client = IcebergClients.restCatalog(lakehouse, "main")) {
                    for (int i = 0; i < commitsEach; i++) {
                        Table table = client.loadTable(identifier);
                        DataFile file = writeDataFile(table, "writer " + writer + " commit " + i);
                        AppendFiles append = table.newAppend().appendFile(file);
                        append.commit();
                        added.add(file.location());
                    }
                }
                return added;
            }));
        }
        List<String> expected = new ArrayList<>();
        for (Future<List<String>> result : results) {
            expected.addAll(result.get());
        }
        pool.shutdown();

        Table table = main.loadTable(identifier);
        List<String> live = new ArrayList<>();
        table.newScan().planFiles().forEach(task -> live.add(task.file().location()));
        assertThat(live).as("no lost update").containsExactlyInAnyOrderElementsOf(expected);
        int snapshots = 0;
        for (Snapshot ignored : table.snapshots()) {
            snapshots++;
        }
        assertThat(snapshots).isEqualTo(writers * commitsEach);
    }

    @Test
    void anUnknownBranchIs404Json() throws Exception {
        HttpResponse<String> response = http("GET", "/v1/no_such_branch/namespaces", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("application/json"));
        assertThat(response.body()).contains("\"code\":404", "no_such_branch");
    }

    @Test
    void aMalformedBodyIs400WithAMessage() throws Exception {
        HttpResponse<String> broken = http("POST", "/v1/main/namespaces", "{\"namespace\": [\"x\"");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("\"code\":400", "\"message\":\"Malformed CreateNamespaceRequest");

        HttpResponse<String> wrongShape = http("POST", "/v1/main/namespaces", "{\"namespace\": 42}");
        assertThat(wrongShape.statusCode()).isEqualTo(400);
        assertThat(wrongShape.body()).contains("\"code\":400", "\"message\"");

        HttpResponse<String> missingTable = http("GET", "/v1/main/namespaces/nowhere/tables/nothing", null);
        assertThat(missingTable.statusCode()).isEqualTo(404);
        assertThat(missingTable.body()).contains("NoSuch");
    }

    private static HttpResponse<String> http(String method, String path, String body) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(lakehouse.endpoint("catalog", "iceberg") + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static LakehouseProcess.Result cli(String... args) throws Exception {
        return LakehouseProcess.run(lakehouse.dataDir(), Duration.ofMinutes(2), args);
    }

    private static Namespace namespace(String name) {
        return Namespace.of(name + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Writes a small file through the table's FileIO (S3) and describes it as a data file. */
    static DataFile writeDataFile(Table table, String content) throws IOException {
        OutputFile output = table.io().newOutputFile(table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet"));
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (PositionOutputStream out = output.create()) {
            out.write(bytes);
        }
        return DataFiles.builder(PartitionSpec.unpartitioned()).withPath(output.location())
                .withFormat(FileFormat.PARQUET).withFileSizeInBytes(bytes.length).withRecordCount(1).build();
    }

    /** s3://warehouse/a/b is the file data/s3/warehouse/a/b. */
    private static Path onDisk(String s3Location) {
        URI uri = URI.create(s3Location);
        return lakehouse.dataDir().resolve("s3").resolve(uri.getHost()).resolve(uri.getPath().substring(1));
    }
}
