package dev.lakehouse.app.it;

import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.BaseView;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Views through RESTCatalog: registered from a metadata file, renamed across namespaces, and the spec's refusals. */
@SharedStack(services = "catalog")
class CatalogViewsIT {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    /** A folder of the stack's data directory: where the catalog lets a client place a table (catalog.local-locations). */
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
    void aViewIsRegisteredFromItsMetadataFileAndRenamedIntoAnotherNamespace() {
        Namespace first = namespace("views_a");
        Namespace second = namespace("views_b");
        main.createNamespace(first);
        main.createNamespace(second);
        View original = view(TableIdentifier.of(first, "original"));
        String metadata = ((BaseView) original).operations().current().metadataFileLocation();
        assertThat(main.dropView(TableIdentifier.of(first, "original"))).isTrue();

        TableIdentifier registered = TableIdentifier.of(first, "registered");
        View view = main.registerView(registered, metadata);
        assertThat(view.currentVersion().versionId()).isEqualTo(original.currentVersion().versionId());
        assertThat(view.sqlFor("spark").sql()).isEqualTo("SELECT 1 AS id");

        TableIdentifier moved = TableIdentifier.of(second, "moved");
        main.renameView(registered, moved);
        assertThat(main.viewExists(registered)).isFalse();
        assertThat(main.listViews(second)).containsExactly(moved);
        assertThat(main.loadView(moved).uuid()).isEqualTo(original.uuid());
    }

    @Test
    void aViewAtALocalLocationIsCreatedReplacedAndLoaded() {
        Namespace namespace = namespace("local_views");
        main.createNamespace(namespace);
        TableIdentifier identifier = TableIdentifier.of(namespace, "on_disk");
        String location = "file:" + disk.resolve("view_" + UUID.randomUUID());
        main.buildView(identifier).withSchema(SCHEMA).withDefaultNamespace(namespace).withLocation(location)
                .withQuery("spark", "SELECT 1 AS id").create();
        main.buildView(identifier).withSchema(SCHEMA).withDefaultNamespace(namespace).withLocation(location)
                .withQuery("spark", "SELECT 2 AS id").createOrReplace();

        View loaded = main.loadView(identifier);
        assertThat(loaded.location()).isEqualTo(location);
        assertThat(loaded.sqlFor("spark").sql()).isEqualTo("SELECT 2 AS id");
        assertThat(((BaseView) loaded).operations().current().metadataFileLocation()).startsWith(location + "/metadata/");
    }

    @Test
    void creatingRenamingAndRegisteringViewsAnswersWhatTheSpecSays() throws Exception {
        Namespace namespace = namespace("view_errors");
        main.createNamespace(namespace);
        TableIdentifier table = TableIdentifier.of(namespace, "a_table");
        main.createTable(table, SCHEMA);
        TableIdentifier existing = TableIdentifier.of(namespace, "a_view");
        View view = view(existing);
        String metadata = ((BaseView) view).operations().current().metadataFileLocation();

        assertThatThrownBy(() -> view(table)).as("a view named like a table")
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("Table with same name already exists");
        assertThatThrownBy(() -> view(existing)).as("a view that exists")
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("View already exists");
        assertThatThrownBy(() -> view(TableIdentifier.of(namespace("missing"), "v"))).as("a view in a missing namespace")
                .isInstanceOf(NoSuchNamespaceException.class).hasMessageContaining("Namespace does not exist");

        assertThatThrownBy(() -> main.renameView(existing, TableIdentifier.of(namespace("missing"), "v")))
                .isInstanceOf(NoSuchNamespaceException.class).hasMessageContaining("Namespace does not exist");
        assertThatThrownBy(() -> main.renameView(TableIdentifier.of(namespace, "no_view"), TableIdentifier.of(namespace, "v")))
                .isInstanceOf(NoSuchViewException.class);
        assertThatThrownBy(() -> main.renameView(existing, table)).as("onto a table")
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> main.renameTable(table, existing)).as("a table onto a view")
                .isInstanceOf(AlreadyExistsException.class);

        assertThatThrownBy(() -> main.registerView(existing, metadata)).as("register at a view's name")
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> main.registerView(table, metadata)).as("register at a table's name")
                .isInstanceOf(AlreadyExistsException.class);
        String missingFile = "file:" + disk.resolve("nothing_" + UUID.randomUUID() + ".metadata.json");
        // the client's view error handler reads every 404 but a namespace's as "no such view"
        assertThatThrownBy(() -> main.registerView(TableIdentifier.of(namespace, "from_nothing"), missingFile))
                .isInstanceOf(NoSuchViewException.class).hasMessageContaining(missingFile);
        HttpResponse<String> fromNothing = IcebergHttp.send(lakehouse, "POST", "/v1/main/namespaces/" + namespace + "/register-view",
                "{\"name\": \"from_nothing\", \"metadata-location\": \"" + missingFile + "\"}");
        assertThat(fromNothing.statusCode()).isEqualTo(404);
        assertThat(IcebergHttp.errorType(fromNothing)).isEqualTo("NotFoundException");

        HttpResponse<String> noView = IcebergHttp.send(lakehouse, "GET", "/v1/main/namespaces/" + namespace + "/views/no_view", null);
        assertThat(noView.statusCode()).isEqualTo(404);
        assertThat(IcebergHttp.errorType(noView)).isEqualTo("NoSuchViewException");
        assertThat(main.listViews(namespace)).containsExactly(existing);
        assertThat(main.listTables(namespace)).containsExactly(table);
    }

    private static View view(TableIdentifier identifier) {
        return main.buildView(identifier).withSchema(SCHEMA).withDefaultNamespace(identifier.namespace())
                .withQuery("spark", "SELECT 1 AS id").create();
    }

    private static Namespace namespace(String name) {
        return Namespace.of(name + "_" + UUID.randomUUID().toString().substring(0, 8));
    }
}
