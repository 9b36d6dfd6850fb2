package dev.lakehouse.app.it;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.FetchOption;
import org.projectnessie.model.LogResponse.LogEntry;
import org.projectnessie.model.Operation;

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
 * Multi-table commits (POST /v1/{prefix}/transactions/commit) through RESTCatalog.commitTransaction: one Nessie
 * commit holding every table, or, when any table's requirement fails, no commit, no change and no file left behind.
 */
@SharedStack(services = "catalog")
class CatalogTransactionsIT {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

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
    void aMultiTableCommitIsOneNessieCommitHoldingEveryTable() throws Exception {
        Namespace namespace = namespace("together");
        main.createNamespace(namespace);
        TableIdentifier orders = TableIdentifier.of(namespace, "orders");
        TableIdentifier items = TableIdentifier.of(namespace, "items");
        Transaction onOrders = main.createTable(orders, SCHEMA).newTransaction();
        Transaction onItems = main.createTable(items, SCHEMA).newTransaction();
        DataFile ordersFile = CatalogIT.writeDataFile(onOrders.table(), "orders");
        DataFile itemsFile = CatalogIT.writeDataFile(onItems.table(), "items");
        onOrders.newAppend().appendFile(ordersFile).commit();
        onItems.newAppend().appendFile(itemsFile).commit();
        onItems.updateProperties().set("loaded-with", "orders").commit();
        String before = head();

        main.commitTransaction(TableCommits.of(orders, onOrders), TableCommits.of(items, onItems));

        LogEntry commit = nessie.getCommitLog().refName("main").fetch(FetchOption.ALL).maxRecords(1).get().getLogEntries().getFirst();
        assertThat(commit.getParentCommitHash()).as("one commit on top of the head it read").isEqualTo(before);
        assertThat(commit.getOperations()).extracting(Operation::getKey).containsExactlyInAnyOrder(key(orders), key(items));
        assertThat(commit.getCommitMeta().getMessage()).contains(orders.toString(), items.toString());
        assertThat(files(main.loadTable(orders))).containsExactly(ordersFile.location());
        Table loadedItems = main.loadTable(items);
        assertThat(files(loadedItems)).containsExactly(itemsFile.location());
        assertThat(loadedItems.properties()).containsEntry("loaded-with", "orders");
    }

    @Test
    void aStaleTableFailsTheWholeCommitAndLeavesNothingBehind() throws Exception {
        Namespace namespace = namespace("all_or_nothing");
        main.createNamespace(namespace);
        TableIdentifier target = TableIdentifier.of(namespace, "target");
        TableIdentifier staging = TableIdentifier.of(namespace, "staging");
        Transaction onTarget = main.createTable(target, SCHEMA).newTransaction();
        Table stagingTable = main.createTable(staging, SCHEMA);
        Transaction onStaging = stagingTable.newTransaction();
        onTarget.newAppend().appendFile(CatalogIT.writeDataFile(onTarget.table(), "target")).commit();
        onStaging.newAppend().appendFile(CatalogIT.writeDataFile(onStaging.table(), "staging")).commit();
        // another writer moves staging on: the transaction's view of it is stale
        DataFile concurrent = CatalogIT.writeDataFile(stagingTable, "concurrent");
        stagingTable.newAppend().appendFile(concurrent).commit();
        String before = head();
        List<Path> targetMetadata = metadataFiles(main.loadTable(target));

        assertThatThrownBy(() -> main.commitTransaction(TableCommits.of(target, onTarget), TableCommits.of(staging, onStaging)))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("Requirement failed");

        assertThat(head()).as("no Nessie commit").isEqualTo(before);
        assertThat(main.loadTable(target).currentSnapshot()).as("the table whose part was fine is unchanged").isNull();
        assertThat(files(main.loadTable(staging))).containsExactly(concurrent.location());
        assertThat(metadataFiles(main.loadTable(target))).as("no metadata file left behind").isEqualTo(targetMetadata);
    }

    @Test
    void tablesCreatedTogetherExistTogetherOrNotAtAll() throws Exception {
        Namespace namespace = namespace("created_together");
        main.createNamespace(namespace);
        List<TableIdentifier> created = List.of(TableIdentifier.of(namespace, "a"), TableIdentifier.of(namespace, "b"));
        main.commitTransaction(created.stream().map(CatalogTransactionsIT::creation).toArray(TableCommit[]::new));
        assertThat(main.listTables(namespace)).containsExactlyInAnyOrderElementsOf(created);
        assertThat(main.loadTable(created.getFirst()).schema().asStruct()).isEqualTo(SCHEMA.asStruct());

        TableIdentifier placed = TableIdentifier.of(namespace, "placed_by_the_catalog");
        main.commitTransaction(TableCommits.creationWithoutLocation(placed, SCHEMA));
        assertThat(main.loadTable(placed).location()).as("under the warehouse, as a table created without a location")
                .startsWith("s3://warehouse/" + namespace + "/placed_by_the_catalog_");

        TableIdentifier fresh = TableIdentifier.of(namespace, "c");
        String before = head();
        assertThatThrownBy(() -> main.commitTransaction(creation(fresh), creation(created.getLast())))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("table already exists");
        assertThat(main.tableExists(fresh)).isFalse();
        assertThat(head()).isEqualTo(before);

        // the server answers 404 NoSuchNamespaceException; the client's commit error handler reads every 404 as a table's
        assertThatThrownBy(() -> main.commitTransaction(creation(TableIdentifier.of(namespace("missing"), "t"))))
                .isInstanceOf(NoSuchTableException.class).hasMessageContaining("Namespace does not exist");
    }

    @Test
    void badTransactionsAreRefusedWithOneClearError() throws Exception {
        Namespace namespace = namespace("bad_tx");
        main.createNamespace(namespace);
        TableIdentifier table = TableIdentifier.of(namespace, "t");
        Transaction transaction = main.createTable(table, SCHEMA).newTransaction();
        transaction.updateProperties().set("k", "v").commit();
        TableCommit change = TableCommits.of(table, transaction);
        String before = head();

        assertThatThrownBy(() -> main.commitTransaction(change, TableCommits.of(TableIdentifier.of(namespace, "missing"), transaction)))
                .isInstanceOf(NoSuchTableException.class);
        HttpResponse<String> twice = IcebergHttp.send(lakehouse, "POST", "/v1/main/transactions/commit",
                "{\"table-changes\": [" + change(table) + ", " + change(table) + "]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(IcebergHttp.json(twice).path("error").path("message").asText()).contains("appears more than once");
        HttpResponse<String> empty = IcebergHttp.send(lakehouse, "POST", "/v1/main/transactions/commit", "{\"table-changes\": []}");
        assertThat(empty.statusCode()).isEqualTo(400);
        HttpResponse<String> malformed = IcebergHttp.send(lakehouse, "POST", "/v1/main/transactions/commit", "{\"table-changes\": [");
        assertThat(malformed.statusCode()).isEqualTo(400);
        HttpResponse<String> pinned = IcebergHttp.send(lakehouse, "POST", "/v1/main@" + before + "/transactions/commit",
                "{\"table-changes\": [" + change(table) + "]}");
        assertThat(pinned.statusCode()).isEqualTo(400);
        assertThat(IcebergHttp.errorType(pinned)).isEqualTo("BadRequestException");
        assertThat(head()).isEqualTo(before);
        assertThat(main.loadTable(table).properties()).doesNotContainKey("k");
    }

    private static String change(TableIdentifier table) {
        return "{\"identifier\": {\"namespace\": [\"" + table.namespace() + "\"], \"name\": \"" + table.name() + "\"},"
                + " \"requirements\": [], \"updates\": [{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]}";
    }

    private static TableCommit creation(TableIdentifier identifier) {
        return TableCommits.creation(identifier, SCHEMA, "s3://warehouse/" + identifier.namespace() + "/" + identifier.name()
                + "_" + UUID.randomUUID());
    }

    private static String head() throws Exception {
        return nessie.getReference().refName("main").get().getHash();
    }

    private static ContentKey key(TableIdentifier identifier) {
        return ContentKey.of(identifier.namespace().level(0), identifier.name());
    }

    private static List<String> files(Table table) {
        return table.currentSnapshot() == null ? List.of()
                : java.util.stream.StreamSupport.stream(table.currentSnapshot().addedDataFiles(table.io()).spliterator(), false)
                .map(DataFile::location).toList();
    }

    /** The table's metadata files, as files in the object store's folder. */
    private static List<Path> metadataFiles(Table table) throws IOException {
        URI location = URI.create(table.location());
        Path folder = lakehouse.dataDir().resolve("s3").resolve(location.getHost()).resolve(location.getPath().substring(1)).resolve("metadata");
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).sorted().toList();
        }
    }

    private static Namespace namespace(String name) {
        return Namespace.of(name + "_" + UUID.randomUUID().toString().substring(0, 8));
    }
}
