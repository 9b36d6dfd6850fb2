package dev.lakehouse.app.it;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where tables live: the object store by default, this machine's disk when a client gives a file: location, both
 * in one namespace; and what a table whose metadata file disappeared answers.
 */
@SharedStack(services = "catalog")
class CatalogLocationsIT {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "city", Types.StringType.get()));
    private static final Schema OTHER_SCHEMA = new Schema(Types.NestedField.required(1, "code", Types.StringType.get()));

    /**
     * Outside the folders where the catalog may keep tables: the shared stacks allow the temp folder (SharedStack), and
     * a clone of the project may be in it too. Nothing may appear there; should the check break, the test removes it.
     */
    static final Path ELSEWHERE = Path.of(System.getProperty("user.home"), ".lakehouse-it-outside-the-allowed-folders");

    /** A folder of the data directory: where a stack with default settings lets a client put a table. */
    static Path disk;

    private static LakehouseProcess lakehouse;
    private static RESTCatalog main;

    @BeforeAll
    static void connect(LakehouseProcess running) throws IOException {
        lakehouse = running;
        disk = Files.createDirectories(lakehouse.dataDir().resolve("local-tables"));
        main = IcebergClients.restCatalog(lakehouse, "main");
    }

    @AfterAll
    static void disconnect() throws IOException {
        main.close();
    }

    @Test
    void aTableOnThisMachinesDiskLivesBesideATableInTheObjectStore() throws Exception {
        Namespace namespace = namespace("side_by_side");
        main.createNamespace(namespace);
        Table inStore = main.createTable(TableIdentifier.of(namespace, "in_store"), SCHEMA);
        String localLocation = "file:" + disk.resolve("on_disk_" + UUID.randomUUID());
        Table onDisk = main.buildTable(TableIdentifier.of(namespace, "on_disk"), SCHEMA).withLocation(localLocation).create();
        assertThat(inStore.location()).as("new tables still go to the object store").startsWith("s3://");
        assertThat(onDisk.location()).isEqualTo(localLocation);

        DataFile storeFile = CatalogIT.writeDataFile(inStore, "in the store");
        inStore.newAppend().appendFile(storeFile).commit();
        DataFile diskFile = CatalogIT.writeDataFile(onDisk, "on the disk");
        onDisk.newAppend().appendFile(diskFile).commit();
        onDisk.updateProperties().set("owner", "trainee").commit();

        Table reloaded = main.loadTable(TableIdentifier.of(namespace, "on_disk"));
        assertThat(reloaded.properties()).containsEntry("owner", "trainee");
        assertThat(reloaded.currentSnapshot().addedDataFiles(reloaded.io())).extracting(DataFile::location)
                .containsExactly(diskFile.location());
        assertThat(metadataFiles(localLocation)).as("the catalog wrote every metadata file on the disk").hasSize(3);
        assertThat(main.loadTable(TableIdentifier.of(namespace, "in_store")).currentSnapshot().addedDataFiles(reloaded.io()))
                .extracting(DataFile::location).containsExactly(storeFile.location());
        assertThat(main.listTables(namespace)).containsExactlyInAnyOrder(
                TableIdentifier.of(namespace, "in_store"), TableIdentifier.of(namespace, "on_disk"));
    }

    @Test
    void createAndReplaceTransactionsWhoseManifestsTheClientWroteOnTheDisk() throws Exception {
        Namespace namespace = namespace("local_tx");
        main.createNamespace(namespace);
        TableIdentifier identifier = TableIdentifier.of(namespace, "staged");
        String location = "file:" + disk.resolve("staged_" + UUID.randomUUID());

        Transaction create = main.buildTable(identifier, SCHEMA).withLocation(location).createTransaction();
        DataFile first = CatalogIT.writeDataFile(create.table(), "first");
        create.newAppend().appendFile(first).commit();
        assertThat(main.tableExists(identifier)).isFalse();
        create.commitTransaction();
        Table created = main.loadTable(identifier);
        assertThat(created.currentSnapshot().allManifests(created.io())).allSatisfy(manifest ->
                assertThat(manifest.path()).startsWith(location));
        assertThat(created.currentSnapshot().addedDataFiles(created.io())).extracting(DataFile::location)
                .containsExactly(first.location());

        Transaction replace = main.buildTable(identifier, OTHER_SCHEMA).withLocation(location).replaceTransaction();
        DataFile second = CatalogIT.writeDataFile(replace.table(), "second");
        replace.newAppend().appendFile(second).commit();
        replace.commitTransaction();
        Table replaced = main.loadTable(identifier);
        assertThat(replaced.schema().columns()).extracting(Types.NestedField::name).containsExactly("code");
        assertThat(replaced.currentSnapshot().addedDataFiles(replaced.io())).extracting(DataFile::location)
                .containsExactly(second.location());
        assertThat(replaced.history()).hasSize(2);
    }

    @Test
    void aTableWhoseMetadataFileWasDeletedIsNotFoundAndCanStillBeDropped() throws Exception {
        Namespace namespace = namespace("gone");
        main.createNamespace(namespace);
        TableIdentifier inStore = TableIdentifier.of(namespace, "in_store");
        TableIdentifier onDisk = TableIdentifier.of(namespace, "on_disk");
        main.createTable(inStore, SCHEMA);
        main.buildTable(onDisk, SCHEMA).withLocation("file:" + disk.resolve("gone_" + UUID.randomUUID())).create();

        for (TableIdentifier identifier : List.of(inStore, onDisk)) {
            String metadata = ((BaseTable) main.loadTable(identifier)).operations().current().metadataFileLocation();
            Files.delete(file(metadata));

            assertThatThrownBy(() -> main.loadTable(identifier)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(metadata);
            HttpResponse<String> load = IcebergHttp.send(lakehouse, "GET",
                    "/v1/main/namespaces/" + namespace + "/tables/" + identifier.name(), null);
            assertThat(load.statusCode()).isEqualTo(404);
            assertThat(IcebergHttp.errorType(load)).isEqualTo("NotFoundException");
            assertThat(main.dropTable(identifier, false)).as("the catalog entry can still go").isTrue();
        }
    }

    /** Else a client writes where it likes (file:///etc), and a purge deletes whatever its manifests name. */
    @Test
    void aLocationOnThisDiskOutsideTheAllowedFoldersIsRefusedAndNothingIsWritten() throws Exception {
        Namespace namespace = namespace("outside");
        main.createNamespace(namespace);
        Path folder = ELSEWHERE.resolve("t_" + UUID.randomUUID());
        try {
            assertThatThrownBy(() -> main.buildTable(TableIdentifier.of(namespace, "t"), SCHEMA).withLocation("file:" + folder).create())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(folder.toString()).hasMessageContaining("catalog.local-locations");
            assertThat(main.tableExists(TableIdentifier.of(namespace, "t"))).isFalse();
            assertThat(folder).doesNotExist();

            HttpResponse<String> register = IcebergHttp.send(lakehouse, "POST", "/v1/main/namespaces/" + namespace + "/register",
                    "{\"name\":\"r\",\"metadata-location\":\"file:" + folder + "/metadata/x.metadata.json\"}");
            assertThat(register.statusCode()).as(register.body()).isEqualTo(400);
            assertThat(main.tableExists(TableIdentifier.of(namespace, "r"))).isFalse();
        } finally {
            if (Files.exists(ELSEWHERE)) {
                try (Stream<Path> files = Files.walk(ELSEWHERE)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    @Test
    void aLocationInAnotherFileSystemIsRefusedWithOneClearError() {
        Namespace namespace = namespace("elsewhere");
        main.createNamespace(namespace);
        assertThatThrownBy(() -> main.buildTable(TableIdentifier.of(namespace, "t"), SCHEMA)
                .withLocation("hdfs://namenode/warehouse/t").create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hdfs://namenode/warehouse/t").hasMessageContaining("s3://").hasMessageContaining("file:");
        assertThat(main.tableExists(TableIdentifier.of(namespace, "t"))).isFalse();
    }

    /** A metadata location as a file: s3://bucket/key is data/s3/bucket/key; file:/x is /x. */
    private static Path file(String location) {
        URI uri = URI.create(location);
        if ("s3".equals(uri.getScheme())) {
            return lakehouse.dataDir().resolve("s3").resolve(uri.getHost()).resolve(uri.getPath().substring(1));
        }
        return Path.of(uri.getPath());
    }

    private static List<Path> metadataFiles(String tableLocation) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(URI.create(tableLocation).getPath()).resolve("metadata"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).toList();
        }
    }

    private static Namespace namespace(String name) {
        return Namespace.of(name + "_" + UUID.randomUUID().toString().substring(0, 8));
    }
}
