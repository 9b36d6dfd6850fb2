package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rest of the specification, route by route: the endpoints /v1/config advertises, paging, namespace
 * properties, registering a table, ETags, metrics reports, and the status code and error type of each refusal.
 */
@SharedStack(services = "catalog")
class CatalogSpecIT {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    /**
     * Spec endpoints (those Iceberg's client knows) the catalog does not serve: S3 request signing (clients sign
     * with their own keys) and server-side scan planning.
     */
    private static final Set<Endpoint> NOT_SERVED = Set.of(Endpoint.V1_TABLE_REMOTE_SIGN,
            Endpoint.V1_SUBMIT_TABLE_SCAN_PLAN, Endpoint.V1_FETCH_TABLE_SCAN_PLAN, Endpoint.V1_CANCEL_TABLE_SCAN_PLAN,
            Endpoint.V1_FETCH_TABLE_SCAN_PLAN_TASKS);

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
    void configAdvertisesExactlyTheEndpointsItServes() throws Exception {
        Set<String> advertised = new TreeSet<>();
        IcebergHttp.json(IcebergHttp.send(lakehouse, "GET", "/v1/config", null)).path("endpoints")
                .forEach(endpoint -> advertised.add(endpoint.asText()));
        Set<String> expected = new TreeSet<>();
        for (Endpoint endpoint : clientEndpoints()) {
            if (!NOT_SERVED.contains(endpoint)) {
                expected.add(endpoint.toString());
            }
        }
        assertThat(advertised).isEqualTo(expected);

        for (String endpoint : advertised) {
            String[] methodAndPath = endpoint.split(" ", 2);
            String path = methodAndPath[1].replace("{prefix}", "main").replace("{namespace}", "no_such_namespace")
                    .replace("{table}", "no_table").replace("{view}", "no_view");
            HttpResponse<String> response = IcebergHttp.send(lakehouse, methodAndPath[0], path,
                    methodAndPath[0].equals("POST") ? "{}" : null);
            assertThat(response.statusCode()).as(endpoint + " is routed").isNotIn(405, 501);
            if (!methodAndPath[0].equals("HEAD")) {
                assertThat(response.body()).as(endpoint + " is routed").doesNotContain("NoSuchRouteException");
            }
        }
        for (Endpoint endpoint : NOT_SERVED) {
            String path = endpoint.path().replace("{prefix}", "main").replace("{namespace}", "ns").replace("{table}", "t")
                    .replace("{plan-id}", "p");
            HttpResponse<String> response = IcebergHttp.send(lakehouse, endpoint.httpMethod(), path,
                    endpoint.httpMethod().equals("POST") ? "{}" : null);
            assertThat(response.statusCode()).as(endpoint + " is not served").isIn(404, 405);
        }
    }

    @Test
    void pagingThroughAThousandTablesNeitherRepeatsNorSkipsOneWhenTheListChanges() throws Exception {
        Namespace namespace = namespace("thousand");
        main.createNamespace(namespace);
        List<String> names = IntStream.range(0, 1000).mapToObj(i -> String.format("t%04d", i)).toList();
        for (int from = 0; from < names.size(); from += 250) {
            main.commitTransaction(names.subList(from, from + 250).stream()
                    .map(name -> TableCommits.creation(TableIdentifier.of(namespace, name), SCHEMA,
                            "s3://warehouse/" + namespace + "/" + name + "_" + UUID.randomUUID()))
                    .toArray(TableCommit[]::new));
        }

        List<String> paged = new ArrayList<>();
        int pages = 0;
        String token = "";
        do {
            JsonNode page = IcebergHttp.json(IcebergHttp.send(lakehouse, "GET", "/v1/main/namespaces/" + namespace
                    + "/tables?pageSize=100&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null));
            assertThat(page.path("identifiers").size()).isLessThanOrEqualTo(100);
            page.path("identifiers").forEach(identifier -> paged.add(identifier.path("name").asText()));
            token = page.path("next-page-token").isNull() || page.path("next-page-token").isMissingNode() ? null
                    : page.path("next-page-token").asText();
            pages++;
            if (pages == 1) {
                // between two pages: a table already listed and one not yet listed go, one comes
                main.dropTable(TableIdentifier.of(namespace, "t0050"), false);
                main.dropTable(TableIdentifier.of(namespace, "t0150"), false);
                main.createTable(TableIdentifier.of(namespace, "t0099x"), SCHEMA);
            }
        } while (token != null);
        List<String> expected = new ArrayList<>(names);
        expected.remove("t0150");
        expected.add(100, "t0099x");
        assertThat(paged).as("every table once, in name order").isEqualTo(expected);
        assertThat(pages).isEqualTo(10);

        try (RESTCatalog paging = IcebergClients.restCatalog(lakehouse, "main", Map.of("rest-page-size", "128"))) {
            assertThat(paging.listTables(namespace)).hasSize(1000).doesNotHaveDuplicates();
        }
        HttpResponse<String> unpaged = IcebergHttp.send(lakehouse, "GET", "/v1/main/namespaces/" + namespace + "/tables", null);
        assertThat(IcebergHttp.json(unpaged).path("identifiers").size()).as("no pageToken: the whole list").isEqualTo(1000);
        HttpResponse<String> firstPageWithoutSize = IcebergHttp.send(lakehouse, "GET", "/v1/main/namespaces/" + namespace
                + "/tables?pageToken=", null);
        assertThat(IcebergHttp.json(firstPageWithoutSize).path("identifiers").size()).as("the server's page size").isEqualTo(1000);
    }

    @Test
    void namespacesAndViewsPageToo() throws Exception {
        Namespace parent = namespace("paged_parent");
        main.createNamespace(parent);
        for (String child : List.of("e", "d", "c", "b", "a")) {
            main.createNamespace(Namespace.of(parent.level(0), child));
            main.buildView(TableIdentifier.of(parent, "v_" + child)).withSchema(SCHEMA).withDefaultNamespace(parent)
                    .withQuery("spark", "SELECT 1 AS id").create();
        }
        assertThat(pagedNames("/v1/main/namespaces?parent=" + parent + "&pageSize=2", "namespaces"))
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(pagedNames("/v1/main/namespaces/" + parent + "/views?pageSize=2", "identifiers"))
                .containsExactly(List.of("v_a", "v_b"), List.of("v_c", "v_d"), List.of("v_e"));
        try (RESTCatalog paging = IcebergClients.restCatalog(lakehouse, "main", Map.of("rest-page-size", "2"))) {
            assertThat(paging.listNamespaces(parent)).hasSize(5);
            assertThat(paging.listViews(parent)).hasSize(5);
        }
    }

    @Test
    void namespacePropertiesAreSetRemovedAndReported() throws Exception {
        Namespace namespace = namespace("props");
        main.createNamespace(namespace, new HashMap<>(Map.of("a", "1", "keep", "yes")));
        HttpResponse<String> update = IcebergHttp.send(lakehouse, "POST", "/v1/main/namespaces/" + namespace + "/properties",
                "{\"removals\": [\"a\", \"never_set\"], \"updates\": {\"b\": \"2\"}}");
        assertThat(update.statusCode()).isEqualTo(200);
        JsonNode result = IcebergHttp.json(update);
        assertThat(result.path("updated").toString()).isEqualTo("[\"b\"]");
        assertThat(result.path("removed").toString()).isEqualTo("[\"a\"]");
        assertThat(result.path("missing").toString()).isEqualTo("[\"never_set\"]");
        assertThat(main.loadNamespaceMetadata(namespace)).containsEntry("b", "2").containsEntry("keep", "yes").doesNotContainKey("a");

        HttpResponse<String> both = IcebergHttp.send(lakehouse, "POST", "/v1/main/namespaces/" + namespace + "/properties",
                "{\"removals\": [\"b\"], \"updates\": {\"b\": \"3\"}}");
        assertThat(both.statusCode()).as("the spec's answer to a key in both").isEqualTo(422);
        assertThat(IcebergHttp.errorType(both)).isEqualTo("UnprocessableEntityException");
        HttpResponse<String> missing = IcebergHttp.send(lakehouse, "POST", "/v1/main/namespaces/no_such_namespace/properties",
                "{\"updates\": {\"b\": \"2\"}}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(IcebergHttp.errorType(missing)).isEqualTo("NoSuchNamespaceException");
    }

    @Test
    void anExistingTableIsRegisteredFromItsMetadataFileInTheStoreOrOnTheDisk() throws Exception {
        Namespace namespace = namespace("register");
        main.createNamespace(namespace);
        for (String where : List.of("store", "disk")) {
            TableIdentifier original = TableIdentifier.of(namespace, "original_" + where);
            Table table = where.equals("store") ? main.createTable(original, SCHEMA)
                    : main.buildTable(original, SCHEMA).withLocation("file:" + disk.resolve("register_" + UUID.randomUUID())).create();
            table.newAppend().appendFile(CatalogIT.writeDataFile(table, "registered rows")).commit();
            String metadata = ((BaseTable) main.loadTable(original)).operations().current().metadataFileLocation();
            long snapshot = main.loadTable(original).currentSnapshot().snapshotId();
            assertThat(main.dropTable(original, false)).isTrue();

            TableIdentifier registered = TableIdentifier.of(namespace, "registered_" + where);
            Table back = main.registerTable(registered, metadata);
            assertThat(back.currentSnapshot().snapshotId()).isEqualTo(snapshot);
            assertThat(main.loadTable(registered).currentSnapshot().snapshotId()).isEqualTo(snapshot);
            assertThatThrownBy(() -> main.registerTable(registered, metadata)).isInstanceOf(AlreadyExistsException.class);
        }
        String nothing = "file:" + disk.resolve("nothing_" + UUID.randomUUID() + ".metadata.json");
        assertThatThrownBy(() -> main.registerTable(TableIdentifier.of(namespace, "from_nothing"), nothing))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(nothing);
    }

    @Test
    void aLoadedTableCarriesAnETagAndIs304WhileUnchanged() throws Exception {
        Namespace namespace = namespace("etag");
        main.createNamespace(namespace);
        TableIdentifier identifier = TableIdentifier.of(namespace, "t");
        Table table = main.createTable(identifier, SCHEMA);
        table.newAppend().appendFile(CatalogIT.writeDataFile(table, "one")).commit();
        table.newAppend().appendFile(CatalogIT.writeDataFile(table, "two")).commit();
        table.manageSnapshots().createTag("first", table.snapshots().iterator().next().snapshotId()).commit();
        String path = "/v1/main/namespaces/" + namespace + "/tables/t";

        HttpResponse<String> first = IcebergHttp.send(lakehouse, "GET", path, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = IcebergHttp.send(lakehouse, "GET", path, null, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        table.updateProperties().set("changed", "yes").commit();
        HttpResponse<String> changed = IcebergHttp.send(lakehouse, "GET", path, null, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);

        HttpResponse<String> refs = IcebergHttp.send(lakehouse, "GET", path + "?snapshots=refs", null);
        assertThat(IcebergHttp.json(changed).path("metadata").path("snapshots").size()).isEqualTo(2);
        assertThat(IcebergHttp.json(refs).path("metadata").path("snapshots").size()).as("main's and the tag's").isEqualTo(2);
        assertThat(refs.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(changed.headers().firstValue("ETag").get());
        HttpResponse<String> bogus = IcebergHttp.send(lakehouse, "GET", path + "?snapshots=some", null);
        assertThat(bogus.statusCode()).isEqualTo(400);
        // the client keeps the table it has on 304
        assertThat(main.loadTable(identifier).properties()).containsEntry("changed", "yes");
        assertThat(main.loadTable(identifier).properties()).containsEntry("changed", "yes");
    }

    @Test
    void metricsReportsAreAcceptedAndMalformedOnesRefused() throws Exception {
        String path = "/v1/main/namespaces/any/tables/t/metrics";
        HttpResponse<String> scan = IcebergHttp.send(lakehouse, "POST", path, """
                {"report-type": "scan-report", "table-name": "any.t", "snapshot-id": 1, "filter": true,
                 "schema-id": 0, "projected-field-ids": [1], "projected-field-names": ["id"], "metrics": {}}""");
        assertThat(scan.statusCode()).isEqualTo(204);
        HttpResponse<String> commit = IcebergHttp.send(lakehouse, "POST", path, """
                {"report-type": "commit-report", "table-name": "any.t", "snapshot-id": 1, "sequence-number": 1,
                 "operation": "append", "metrics": {}}""");
        assertThat(commit.statusCode()).isEqualTo(204);
        HttpResponse<String> malformed = IcebergHttp.send(lakehouse, "POST", path, "{\"report-type\": \"scan-report\"}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(IcebergHttp.errorType(malformed)).isEqualTo("BadRequestException");
    }

    @Test
    void everyRefusalHasTheSpecsStatusAndErrorType() throws Exception {
        Namespace namespace = namespace("errors");
        main.createNamespace(namespace);
        main.createTable(TableIdentifier.of(namespace, "t"), SCHEMA);
        main.createTable(TableIdentifier.of(namespace, "u"), SCHEMA);
        String ns = "/v1/main/namespaces/" + namespace;
        String table = "{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": []}}";
        String rename = "{\"source\": {\"namespace\": [\"%s\"], \"name\": \"%s\"}, \"destination\": {\"namespace\": [\"%s\"], \"name\": \"%s\"}}";
        Map<String[], Object[]> cases = new LinkedHashMap<>();
        cases.put(new String[] {"GET", "/v1/main/namespaces/no_ns", null}, new Object[] {404, "NoSuchNamespaceException"});
        cases.put(new String[] {"GET", "/v1/main/namespaces?parent=no_ns", null}, new Object[] {404, "NoSuchNamespaceException"});
        cases.put(new String[] {"POST", "/v1/main/namespaces", "{\"namespace\": [\"" + namespace + "\"]}"}, new Object[] {409, "AlreadyExistsException"});
        cases.put(new String[] {"DELETE", ns, null}, new Object[] {409, "NamespaceNotEmptyException"});
        cases.put(new String[] {"DELETE", "/v1/main/namespaces/no_ns", null}, new Object[] {404, "NoSuchNamespaceException"});
        cases.put(new String[] {"GET", "/v1/main/namespaces/no_ns/tables", null}, new Object[] {404, "NoSuchNamespaceException"});
        cases.put(new String[] {"GET", ns + "/tables/no_table", null}, new Object[] {404, "NoSuchTableException"});
        cases.put(new String[] {"POST", "/v1/main/namespaces/no_ns/tables", table}, new Object[] {404, "NoSuchNamespaceException"});
        cases.put(new String[] {"POST", ns + "/tables", table}, new Object[] {409, "AlreadyExistsException"});
        cases.put(new String[] {"POST", ns + "/tables/t", "{\"requirements\": [{\"type\": \"assert-table-uuid\", \"uuid\": \""
                + UUID.randomUUID() + "\"}], \"updates\": []}"}, new Object[] {409, "CommitFailedException"});
        cases.put(new String[] {"POST", ns + "/tables/no_table", "{\"requirements\": [], \"updates\": []}"}, new Object[] {404, "NoSuchTableException"});
        cases.put(new String[] {"DELETE", ns + "/tables/no_table", null}, new Object[] {404, "NoSuchTableException"});
        cases.put(new String[] {"POST", "/v1/main/tables/rename", rename.formatted(namespace, "no_table", namespace, "x")},
                new Object[] {404, "NoSuchTableException"});
        cases.put(new String[] {"POST", "/v1/main/tables/rename", rename.formatted(namespace, "t", "no_ns", "x")},
                new Object[] {404, "NoSuchNamespaceException"});
        cases.put(new String[] {"POST", "/v1/main/tables/rename", rename.formatted(namespace, "t", namespace, "u")},
                new Object[] {409, "AlreadyExistsException"});
        cases.put(new String[] {"GET", ns + "/views/no_view", null}, new Object[] {404, "NoSuchViewException"});
        cases.put(new String[] {"DELETE", ns + "/views/no_view", null}, new Object[] {404, "NoSuchViewException"});
        cases.put(new String[] {"POST", "/v1/main/views/rename", rename.formatted(namespace, "no_view", namespace, "x")},
                new Object[] {404, "NoSuchViewException"});
        cases.put(new String[] {"GET", ns + "/tables/no_table/credentials", null}, new Object[] {404, "NoSuchTableException"});
        cases.put(new String[] {"GET", "/v1/no_such_branch/namespaces", null}, new Object[] {404, "NoSuchReferenceException"});
        cases.put(new String[] {"GET", "/v1/main/namespaces?pageSize=0", null}, new Object[] {400, "BadRequestException"});
        cases.put(new String[] {"GET", ns + "/tables?pageToken=%25%25", null}, new Object[] {400, "BadRequestException"});
        cases.put(new String[] {"POST", "/v1/main/namespaces", "{\"namespace\": "}, new Object[] {400, "BadRequestException"});
        cases.put(new String[] {"PUT", "/v1/main/namespaces", "{}"}, new Object[] {405, "MethodNotAllowedException"});
        cases.put(new String[] {"GET", "/v1/main/no_such_route", null}, new Object[] {404, "NoSuchRouteException"});

        Set<String> failures = new HashSet<>();
        for (Map.Entry<String[], Object[]> entry : cases.entrySet()) {
            String[] request = entry.getKey();
            HttpResponse<String> response = IcebergHttp.send(lakehouse, request[0], request[1], request[2]);
            JsonNode error = IcebergHttp.json(response).path("error");
            String got = response.statusCode() + " " + error.path("type").asText() + " (code " + error.path("code").asInt() + ")";
            String want = entry.getValue()[0] + " " + entry.getValue()[1] + " (code " + entry.getValue()[0] + ")";
            if (!got.equals(want)) {
                failures.add(request[0] + " " + request[1] + ": got " + got + ", want " + want + ": " + error.path("message").asText());
            }
        }
        assertThat(failures).isEmpty();
    }

    private static List<List<String>> pagedNames(String path, String field) throws Exception {
        List<List<String>> pages = new ArrayList<>();
        String token = "";
        while (token != null) {
            JsonNode page = IcebergHttp.json(IcebergHttp.send(lakehouse, "GET",
                    path + "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null));
            List<String> names = new ArrayList<>();
            page.path(field).forEach(item -> names.add(item.isArray() ? item.get(item.size() - 1).asText() : item.path("name").asText()));
            pages.add(names);
            JsonNode next = page.path("next-page-token");
            token = next.isNull() || next.isMissingNode() ? null : next.asText();
        }
        return pages;
    }

    /** Every endpoint Iceberg's client knows (its Endpoint constants). */
    private static List<Endpoint> clientEndpoints() throws IllegalAccessException {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Field field : Endpoint.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Endpoint.class) {
                endpoints.add((Endpoint) field.get(null));
            }
        }
        return endpoints;
    }

    private static Namespace namespace(String name) {
        return Namespace.of(name + "_" + UUID.randomUUID().toString().substring(0, 8));
    }
}
