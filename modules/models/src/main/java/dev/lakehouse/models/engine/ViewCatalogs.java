package dev.lakehouse.models.engine;

import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ReplaceViewVersion;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.ViewVersion;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Views built on a branch, made ready for main before the branch is merged. An Iceberg view keeps the catalog its
 * engine session was on (Trino's iceberg_dev, Spark's lakehouse_dev) to resolve the names in its SQL; merged as it
 * is, main's view would read the branch. So, once every model and test has passed, each such view gets a new
 * version on the branch naming main's catalog (its SQL unchanged: the models' names are schema.table), and the
 * merge then brings views and tables to main together.
 */
public final class ViewCatalogs {
    /** A view: its schema and name. */
    public record ViewName(String schema, String name) {
    }

    private ViewCatalogs() {
    }

    /**
     * Points the given views of {@code branch} at {@code mainCatalog} (those that are not there are passed over).
     *
     * @param icebergRest the lakehouse's Iceberg REST endpoint
     */
    public static void repoint(URI icebergRest, String branch, List<ViewName> views, String mainCatalog) throws IOException {
        repoint(icebergRest, java.util.Optional.empty(), branch, views, mainCatalog);
    }

    /** @param token the catalog's bearer token when it is open to a network (RESTCatalog's "token") */
    public static void repoint(URI icebergRest, java.util.Optional<String> token, String branch, List<ViewName> views, String mainCatalog)
            throws IOException {
        if (views.isEmpty()) {
            return;
        }
        try (RESTCatalog catalog = new RESTCatalog()) {
            Map<String, String> properties = new java.util.HashMap<>(Map.of("uri", icebergRest.toString(), "warehouse", branch));
            token.ifPresent(t -> properties.putAll(dev.lakehouse.spark.RestCatalogToken.properties(icebergRest, t)));
            catalog.initialize("lakehouse-models", properties);
            for (ViewName name : views) {
                TableIdentifier id = TableIdentifier.of(name.schema(), name.name());
                if (!catalog.viewExists(id)) {
                    continue;
                }
                View view = catalog.loadView(id);
                ViewVersion current = view.currentVersion();
                if (mainCatalog.equals(current.defaultCatalog())) {
                    continue;
                }
                ReplaceViewVersion replace = view.replaceVersion()
                        .withSchema(view.schema())
                        .withDefaultNamespace(current.defaultNamespace())
                        .withDefaultCatalog(mainCatalog);
                for (ViewRepresentation representation : current.representations()) {
                    if (representation instanceof SQLViewRepresentation sql) {
                        replace = replace.withQuery(sql.dialect(), sql.sql());
                    }
                }
                replace.commit();
            }
        }
    }
}
