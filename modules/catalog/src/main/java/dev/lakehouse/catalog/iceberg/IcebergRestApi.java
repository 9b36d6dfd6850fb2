package dev.lakehouse.catalog.iceberg;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.nessie.NessieCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ImmutableLoadCredentialsResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Iceberg REST catalog API (the spec's /v1 routes), each route handed to Iceberg's own CatalogHandlers over
 * the NessieCatalog of the prefix: the prefix is the Nessie reference, so every Iceberg commit is a Nessie commit
 * on that branch. Lists page by name ({@link Pagination}), a loaded table carries an ETag ({@link TableETag}), a
 * multi-table commit is one Nessie commit ({@link MultiTableCommit}). Errors are the spec's ErrorResponse JSON
 * ({@link RestErrors}). /v1/config advertises exactly the routes of this class ({@link ServedEndpoints}).
 */
@Path("v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public final class IcebergRestApi {
    private static final List<Endpoint> ENDPOINTS = ServedEndpoints.of(IcebergRestApi.class);

    private final CatalogsByReference catalogs;
    private final String defaultReference;
    private final Map<String, String> clientDefaults;
    private final CommitMetrics commits;

    /**
     * @param clientDefaults what /v1/config hands every client (FileIO settings: S3 endpoint, path-style,
     *                       region), so that a client needs only the URI and its S3 credentials
     */
    public IcebergRestApi(CatalogsByReference catalogs, String defaultReference, Map<String, String> clientDefaults, CommitMetrics commits) {
        this.catalogs = catalogs;
        this.commits = commits;
        this.defaultReference = defaultReference;
        // a HashMap: Iceberg's builder asks containsKey(null), which Map.copyOf's maps refuse
        this.clientDefaults = Collections.unmodifiableMap(new HashMap<>(clientDefaults));
    }

    /**
     * The client's configuration. The optional warehouse parameter (a client's "warehouse" property)
     * selects the branch: "dev" gives prefix dev. A location such as s3://warehouse/ means the default.
     */
    @GET
    @Path("config")
    public Response config(@QueryParam("warehouse") String warehouse) {
        String reference = warehouse == null || warehouse.isBlank() || warehouse.contains("://") ? defaultReference : warehouse;
        return ok(ConfigResponse.builder()
                .withDefaults(clientDefaults)
                .withOverride("prefix", reference)
                .withEndpoints(ENDPOINTS)
                .build());
    }

    // --- namespaces

    @GET
    @Path("{prefix}/namespaces")
    public Response listNamespaces(@PathParam("prefix") String prefix, @QueryParam("parent") String parent,
                                   @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        Optional<Pagination> pagination = Pagination.of(pageToken, pageSize);
        Namespace parentNamespace = parent == null || parent.isEmpty() ? Namespace.empty() : RESTUtil.namespaceFromQueryParam(parent);
        return ok(on(prefix, catalog -> {
            ListNamespacesResponse all = CatalogHandlers.listNamespaces(catalog, parentNamespace);
            if (pagination.isEmpty()) {
                return all;
            }
            Pagination.Page<Namespace> page = pagination.get().page(all.namespaces(), IcebergRestApi::pageKey);
            return ListNamespacesResponse.builder().addAll(page.items()).nextPageToken(page.nextPageToken()).build();
        }));
    }

    @POST
    @Path("{prefix}/namespaces")
    public Response createNamespace(@PathParam("prefix") String prefix, String body) {
        CreateNamespaceRequest request = RestJson.parse(body, CreateNamespaceRequest.class);
        return ok(on(prefix, catalog -> CatalogHandlers.createNamespace(catalog, request)));
    }

    @GET
    @Path("{prefix}/namespaces/{namespace}")
    public Response loadNamespace(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace) {
        return ok(on(prefix, catalog -> CatalogHandlers.loadNamespace(catalog, namespace(namespace))));
    }

    @HEAD
    @Path("{prefix}/namespaces/{namespace}")
    public Response namespaceExists(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace) {
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.namespaceExists(catalog, namespace(namespace)))));
    }

    @DELETE
    @Path("{prefix}/namespaces/{namespace}")
    public Response dropNamespace(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace) {
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.dropNamespace(catalog, namespace(namespace)))));
    }

    @POST
    @Path("{prefix}/namespaces/{namespace}/properties")
    public Response updateNamespaceProperties(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                                              String body) {
        UpdateNamespacePropertiesRequest request = RestJson.parse(body, UpdateNamespacePropertiesRequest.class);
        return ok(on(prefix, catalog -> CatalogHandlers.updateNamespaceProperties(catalog, namespace(namespace), request)));
    }

    // --- tables

    @GET
    @Path("{prefix}/namespaces/{namespace}/tables")
    public Response listTables(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                               @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        Optional<Pagination> pagination = Pagination.of(pageToken, pageSize);
        return ok(on(prefix, catalog -> {
            requireNamespace(catalog, namespace(namespace));
            return paged(CatalogHandlers.listTables(catalog, namespace(namespace)), pagination);
        }));
    }

    /** Creates a table, or stages its creation ("stage-create": true) for a create-table transaction. */
    @POST
    @Path("{prefix}/namespaces/{namespace}/tables")
    public Response createTable(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace, String body) {
        CreateTableRequest request = RestJson.parse(body, CreateTableRequest.class);
        request.validate();
        if (request.stageCreate()) {
            return ok(on(prefix, catalog -> ResponseMetadata.table(CatalogHandlers.stageTableCreate(catalog, namespace(namespace), request))));
        }
        return ok(commits.time(CommitMetrics.Kind.CREATE,
                () -> on(prefix, catalog -> ResponseMetadata.table(CatalogHandlers.createTable(catalog, namespace(namespace), request)))));
    }

    /** Makes a table of an existing metadata file (in the object store or on this machine's disk). */
    @POST
    @Path("{prefix}/namespaces/{namespace}/register")
    public Response registerTable(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace, String body) {
        RegisterTableRequest request = RestJson.parse(body, RegisterTableRequest.class);
        return ok(on(prefix, catalog -> ResponseMetadata.table(CatalogHandlers.registerTable(catalog, namespace(namespace), request))));
    }

    /**
     * The table's metadata, with all its snapshots or ({@code snapshots=refs}) only those a branch or tag
     * references, and an ETag: a client sending it back in If-None-Match gets 304 while the table is unchanged.
     */
    @GET
    @Path("{prefix}/namespaces/{namespace}/tables/{table}")
    public Response loadTable(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                              @Encoded @PathParam("table") String table, @QueryParam("snapshots") String snapshots,
                              @Context Request httpRequest) {
        SnapshotMode mode = snapshotMode(snapshots);
        TableIdentifier identifier = identifier(namespace, table);
        LoadTableResponse loaded = on(prefix, catalog -> {
            // a metadata table ("t.files") is not a table of the catalog: clients derive it from its table
            if (!(catalog.loadTable(identifier) instanceof BaseTable base)) {
                throw new NoSuchTableException("Table does not exist: %s", identifier);
            }
            return LoadTableResponse.builder().withTableMetadata(ResponseMetadata.table(base.operations().current(), mode)).build();
        });
        EntityTag etag = TableETag.of(loaded.metadataLocation(), mode.name());
        Response.ResponseBuilder notModified = httpRequest.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.build();
        }
        return Response.ok(RestJson.write(loaded), MediaType.APPLICATION_JSON).tag(etag).build();
    }

    @HEAD
    @Path("{prefix}/namespaces/{namespace}/tables/{table}")
    public Response tableExists(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                                @Encoded @PathParam("table") String table) {
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.tableExists(catalog, identifier(namespace, table)))));
    }

    /** A commit: requirements checked and updates applied against the branch's current metadata. */
    @POST
    @Path("{prefix}/namespaces/{namespace}/tables/{table}")
    public Response updateTable(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                                @Encoded @PathParam("table") String table, String body) {
        UpdateTableRequest request = RestJson.parse(body, UpdateTableRequest.class);
        return ok(commits.time(CommitMetrics.Kind.UPDATE,
                () -> on(prefix, catalog -> ResponseMetadata.table(CatalogHandlers.updateTable(catalog, identifier(namespace, table), request)))));
    }

    @DELETE
    @Path("{prefix}/namespaces/{namespace}/tables/{table}")
    public Response dropTable(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                              @Encoded @PathParam("table") String table, @QueryParam("purgeRequested") boolean purge) {
        TableIdentifier identifier = identifier(namespace, table);
        if (purge) {
            catalogs.purge(prefix, identifier);
            return Response.noContent().build();
        }
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.dropTable(catalog, identifier))));
    }

    /** Vended storage credentials: none, this catalog hands out no credentials (clients use their own S3 keys). */
    @GET
    @Path("{prefix}/namespaces/{namespace}/tables/{table}/credentials")
    public Response loadCredentials(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                                    @Encoded @PathParam("table") String table) {
        on(prefix, catalog -> run(() -> CatalogHandlers.tableExists(catalog, identifier(namespace, table))));
        return ok(ImmutableLoadCredentialsResponse.builder().build());
    }

    /** Scan and commit reports: accepted (clients send them after every scan) and not kept. */
    @POST
    @Path("{prefix}/namespaces/{namespace}/tables/{table}/metrics")
    public Response reportMetrics(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                                  @Encoded @PathParam("table") String table, String body) {
        RestJson.parse(body, ReportMetricsRequest.class);
        return Response.noContent().build();
    }

    @POST
    @Path("{prefix}/tables/rename")
    public Response renameTable(@PathParam("prefix") String prefix, String body) {
        RenameTableRequest request = RestJson.parse(body, RenameTableRequest.class);
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.renameTable(catalog, request))));
    }

    /** Changes to several tables, atomically: one Nessie commit on the branch holds them all, or nothing changes. */
    @POST
    @Path("{prefix}/transactions/commit")
    public Response commitTransaction(@PathParam("prefix") String prefix, String body) {
        CommitTransactionRequest request = RestJson.parse(body, CommitTransactionRequest.class);
        request.validate();
        commits.time(CommitMetrics.Kind.TRANSACTION, () -> {
            catalogs.commitTransaction(prefix, request);
            return null;
        });
        return Response.noContent().build();
    }

    // --- views

    @GET
    @Path("{prefix}/namespaces/{namespace}/views")
    public Response listViews(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                              @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        Optional<Pagination> pagination = Pagination.of(pageToken, pageSize);
        return ok(on(prefix, catalog -> {
            requireNamespace(catalog, namespace(namespace));
            return paged(CatalogHandlers.listViews(catalog, namespace(namespace)), pagination);
        }));
    }

    @POST
    @Path("{prefix}/namespaces/{namespace}/views")
    public Response createView(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace, String body) {
        CreateViewRequest request = RestJson.parse(body, CreateViewRequest.class);
        return ok(on(prefix, catalog -> ResponseMetadata.view(CatalogHandlers.createView(catalog, namespace(namespace), request))));
    }

    /** Makes a view of an existing view metadata file. */
    @POST
    @Path("{prefix}/namespaces/{namespace}/register-view")
    public Response registerView(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace, String body) {
        RegisterViewRequest request = RestJson.parse(body, RegisterViewRequest.class);
        return ok(on(prefix, catalog -> ResponseMetadata.view(CatalogHandlers.registerView(catalog, namespace(namespace), request))));
    }

    @GET
    @Path("{prefix}/namespaces/{namespace}/views/{view}")
    public Response loadView(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                             @Encoded @PathParam("view") String view) {
        return ok(on(prefix, catalog -> ResponseMetadata.view(CatalogHandlers.loadView(catalog, identifier(namespace, view)))));
    }

    @HEAD
    @Path("{prefix}/namespaces/{namespace}/views/{view}")
    public Response viewExists(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                               @Encoded @PathParam("view") String view) {
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.viewExists(catalog, identifier(namespace, view)))));
    }

    @POST
    @Path("{prefix}/namespaces/{namespace}/views/{view}")
    public Response updateView(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                               @Encoded @PathParam("view") String view, String body) {
        UpdateTableRequest request = RestJson.parse(body, UpdateTableRequest.class);
        return ok(on(prefix, catalog -> ResponseMetadata.view(CatalogHandlers.updateView(catalog, identifier(namespace, view), request))));
    }

    @DELETE
    @Path("{prefix}/namespaces/{namespace}/views/{view}")
    public Response dropView(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace,
                             @Encoded @PathParam("view") String view) {
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.dropView(catalog, identifier(namespace, view)))));
    }

    @POST
    @Path("{prefix}/views/rename")
    public Response renameView(@PathParam("prefix") String prefix, String body) {
        RenameTableRequest request = RestJson.parse(body, RenameTableRequest.class);
        return done(on(prefix, catalog -> run(() -> CatalogHandlers.renameView(catalog, request))));
    }

    // --- plumbing

    private <T> T on(String prefix, Function<NessieCatalog, T> operation) {
        return catalogs.on(prefix, operation);
    }

    /** Listing a namespace that does not exist is the spec's 404 (NessieCatalog would list nothing). */
    private static void requireNamespace(NessieCatalog catalog, Namespace namespace) {
        if (!namespace.isEmpty() && !catalog.namespaceExists(namespace)) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
        }
    }

    private static ListTablesResponse paged(ListTablesResponse all, Optional<Pagination> pagination) {
        if (pagination.isEmpty()) {
            return all;
        }
        Pagination.Page<TableIdentifier> page = pagination.get().page(all.identifiers(), TableIdentifier::name);
        return ListTablesResponse.builder().addAll(page.items()).nextPageToken(page.nextPageToken()).build();
    }

    /** Namespaces page in the order of their levels, joined by the unit separator (which no level holds). */
    private static String pageKey(Namespace namespace) {
        return String.join("\u001f", namespace.levels());
    }

    private static SnapshotMode snapshotMode(String snapshots) {
        if (snapshots == null || snapshots.isEmpty()) {
            return SnapshotMode.ALL;
        }
        try {
            return SnapshotMode.valueOf(snapshots.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Invalid snapshots '%s': must be all or refs", snapshots);
        }
    }

    private static Boolean run(Runnable action) {
        action.run();
        return Boolean.TRUE;
    }

    private static Response ok(Object body) {
        return Response.ok(RestJson.write(body), MediaType.APPLICATION_JSON).build();
    }

    private static Response done(Object ignored) {
        return Response.noContent().build();
    }

    private static Namespace namespace(String encoded) {
        return RESTUtil.decodeNamespace(encoded);
    }

    private static TableIdentifier identifier(String namespace, String name) {
        return TableIdentifier.of(namespace(namespace), RESTUtil.decodeString(name));
    }
}
