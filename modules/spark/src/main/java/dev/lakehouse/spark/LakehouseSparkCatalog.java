package dev.lakehouse.spark;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.LoadContext;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.hadoop.Configurable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewBuilder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The lakehouse's Iceberg catalog as Spark's Iceberg SparkCatalog uses it (its {@code catalog-impl} setting):
 * Iceberg's REST client, shared by every session of this JVM that names the same catalog (SharedRestClients says
 * why). The REST endpoint and the S3 credentials are filled in when Spark first uses the catalog, not when the
 * SparkSession is built: the SparkContext can start while the catalog is still starting. A branch's catalog is
 * lakehouse_BRANCH, registered in a session by BranchCatalogExtensions as soon as a statement names it: the
 * branch is what follows "lakehouse_" in the catalog's name (or its warehouse setting).
 */
public class LakehouseSparkCatalog implements Catalog, SupportsNamespaces, ViewCatalog, Configurable<Object> {
    private static volatile Settings settings;

    /** What every catalog of this class connects to; set by the spark component once the catalog is ready. */
    record Settings(String defaultCatalog, String defaultBranch, Map<String, String> restClientProperties) {
        Settings {
            restClientProperties = Map.copyOf(restClientProperties);
        }

        /** lakehouse is the default branch; lakehouse_dev is branch dev. */
        String branchOf(String catalogName) {
            if (catalogName.startsWith(defaultCatalog + "_")) {
                return catalogName.substring(defaultCatalog.length() + 1);
            }
            return defaultBranch;
        }
    }

    /** Clients made for other settings (another lakehouse in this JVM before) are closed. */
    static synchronized void configure(Settings current) {
        if (!Objects.equals(settings, current)) {
            SharedRestClients.closeAll();
        }
        settings = current;
    }

    static Settings settings() {
        return settings;
    }

    private String name;
    private SharedRestClients.Key key;
    private Object hadoopConf;

    @Override
    public void setConf(Object conf) {
        this.hadoopConf = conf;
    }

    @Override
    public void initialize(String name, Map<String, String> properties) {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("catalog " + name + " is not available: the lakehouse's catalog is not running");
        }
        Map<String, String> merged = new HashMap<>(current.restClientProperties());
        merged.put("warehouse", current.branchOf(name));
        properties.forEach((key, value) -> {
            if (!key.equals("catalog-impl")) {
                merged.put(key, value);
            }
        });
        this.name = name;
        this.key = new SharedRestClients.Key(name, merged);
        client(); // a catalog that cannot be reached fails here, as Iceberg's own does
    }

    /** Looked up on every call: a client closed because its branch was deleted is made anew if the branch comes back. */
    private RESTCatalog client() {
        if (key == null) {
            throw new IllegalStateException("catalog used before it was initialized");
        }
        return SharedRestClients.client(key, hadoopConf);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
        return client().listTables(namespace);
    }

    @Override
    public Table createTable(TableIdentifier identifier, Schema schema, PartitionSpec spec, String location, Map<String, String> properties) {
        return client().createTable(identifier, schema, spec, location, properties);
    }

    @Override
    public Table createTable(TableIdentifier identifier, Schema schema, PartitionSpec spec, Map<String, String> properties) {
        return client().createTable(identifier, schema, spec, properties);
    }

    @Override
    public Table createTable(TableIdentifier identifier, Schema schema, PartitionSpec spec) {
        return client().createTable(identifier, schema, spec);
    }

    @Override
    public Table createTable(TableIdentifier identifier, Schema schema) {
        return client().createTable(identifier, schema);
    }

    @Override
    public Transaction newCreateTableTransaction(TableIdentifier identifier, Schema schema, PartitionSpec spec, String location,
                                                 Map<String, String> properties) {
        return client().newCreateTableTransaction(identifier, schema, spec, location, properties);
    }

    @Override
    public Transaction newCreateTableTransaction(TableIdentifier identifier, Schema schema, PartitionSpec spec, Map<String, String> properties) {
        return client().newCreateTableTransaction(identifier, schema, spec, properties);
    }

    @Override
    public Transaction newCreateTableTransaction(TableIdentifier identifier, Schema schema, PartitionSpec spec) {
        return client().newCreateTableTransaction(identifier, schema, spec);
    }

    @Override
    public Transaction newCreateTableTransaction(TableIdentifier identifier, Schema schema) {
        return client().newCreateTableTransaction(identifier, schema);
    }

    @Override
    public Transaction newReplaceTableTransaction(TableIdentifier identifier, Schema schema, PartitionSpec spec, String location,
                                                  Map<String, String> properties, boolean orCreate) {
        return client().newReplaceTableTransaction(identifier, schema, spec, location, properties, orCreate);
    }

    @Override
    public Transaction newReplaceTableTransaction(TableIdentifier identifier, Schema schema, PartitionSpec spec, Map<String, String> properties,
                                                  boolean orCreate) {
        return client().newReplaceTableTransaction(identifier, schema, spec, properties, orCreate);
    }

    @Override
    public Transaction newReplaceTableTransaction(TableIdentifier identifier, Schema schema, PartitionSpec spec, boolean orCreate) {
        return client().newReplaceTableTransaction(identifier, schema, spec, orCreate);
    }

    @Override
    public Transaction newReplaceTableTransaction(TableIdentifier identifier, Schema schema, boolean orCreate) {
        return client().newReplaceTableTransaction(identifier, schema, orCreate);
    }

    @Override
    public boolean tableExists(TableIdentifier identifier) {
        return client().tableExists(identifier);
    }

    @Override
    public boolean dropTable(TableIdentifier identifier) {
        return client().dropTable(identifier);
    }

    @Override
    public boolean dropTable(TableIdentifier identifier, boolean purge) {
        return client().dropTable(identifier, purge);
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
        client().renameTable(from, to);
    }

    @Override
    public Table loadTable(TableIdentifier identifier) {
        return client().loadTable(identifier);
    }

    @Override
    public Table loadTable(TableIdentifier identifier, LoadContext context) {
        return client().loadTable(identifier, context);
    }

    @Override
    public void invalidateTable(TableIdentifier identifier) {
        client().invalidateTable(identifier);
    }

    @Override
    public Table registerTable(TableIdentifier identifier, String metadataFileLocation) {
        return client().registerTable(identifier, metadataFileLocation);
    }

    @Override
    public Table registerTable(TableIdentifier identifier, String metadataFileLocation, boolean overwrite) {
        return client().registerTable(identifier, metadataFileLocation, overwrite);
    }

    @Override
    public TableBuilder buildTable(TableIdentifier identifier, Schema schema) {
        return client().buildTable(identifier, schema);
    }

    @Override
    public void createNamespace(Namespace namespace) {
        client().createNamespace(namespace);
    }

    @Override
    public void createNamespace(Namespace namespace, Map<String, String> metadata) {
        client().createNamespace(namespace, metadata);
    }

    @Override
    public List<Namespace> listNamespaces() {
        return client().listNamespaces();
    }

    @Override
    public List<Namespace> listNamespaces(Namespace namespace) {
        return client().listNamespaces(namespace);
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
        return client().loadNamespaceMetadata(namespace);
    }

    @Override
    public boolean dropNamespace(Namespace namespace) {
        return client().dropNamespace(namespace);
    }

    @Override
    public boolean setProperties(Namespace namespace, Map<String, String> properties) {
        return client().setProperties(namespace, properties);
    }

    @Override
    public boolean removeProperties(Namespace namespace, Set<String> properties) {
        return client().removeProperties(namespace, properties);
    }

    @Override
    public boolean namespaceExists(Namespace namespace) {
        return client().namespaceExists(namespace);
    }

    @Override
    public List<TableIdentifier> listViews(Namespace namespace) {
        return client().listViews(namespace);
    }

    @Override
    public View loadView(TableIdentifier identifier) {
        return client().loadView(identifier);
    }

    @Override
    public View loadView(TableIdentifier identifier, LoadContext context) {
        return client().loadView(identifier, context);
    }

    @Override
    public boolean viewExists(TableIdentifier identifier) {
        return client().viewExists(identifier);
    }

    @Override
    public ViewBuilder buildView(TableIdentifier identifier) {
        return client().buildView(identifier);
    }

    @Override
    public boolean dropView(TableIdentifier identifier) {
        return client().dropView(identifier);
    }

    @Override
    public void renameView(TableIdentifier from, TableIdentifier to) {
        client().renameView(from, to);
    }

    @Override
    public void invalidateView(TableIdentifier identifier) {
        client().invalidateView(identifier);
    }

    @Override
    public View registerView(TableIdentifier identifier, String metadataFileLocation) {
        return client().registerView(identifier, metadataFileLocation);
    }

    @Override
    public String toString() {
        return "LakehouseSparkCatalog(" + name + ")";
    }
}
