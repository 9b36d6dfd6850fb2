package dev.lakehouse.runtime.api;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.storage.ObjectStore;

import java.util.List;

/**
 * The object store's routes, for the console's Storage page: {@code GET /api/storage/buckets},
 * {@code GET /api/storage/buckets/{bucket}/objects?prefix=P&page=TOKEN} (one folder, as {@code aws s3 ls} shows it)
 * and {@code GET /api/storage/buckets/{bucket}/download?key=K} (the bytes, streamed, as an attachment). The key and
 * prefix travel in the query, since they hold slashes of their own.
 */
final class StorageApi {
    private final Lakehouse lakehouse;
    private ObjectStore store;

    private StorageApi(Lakehouse lakehouse) {
        this.lakehouse = lakehouse;
    }

    static void addRoutes(Router router, Lakehouse lakehouse) {
        StorageApi api = new StorageApi(lakehouse);
        router.get("/api/storage/buckets", exchange -> exchange.json(200, api.store().buckets()))
                .get("/api/storage/buckets/{bucket}/objects", api::list)
                .get("/api/storage/buckets/{bucket}/download", api::download);
    }

    private void list(ApiExchange exchange) throws Exception {
        ObjectStore.Listing listing = store().list(exchange.path("bucket"), exchange.query("prefix").orElse(""),
                exchange.query("page").orElse(null));
        exchange.json(200, listing);
    }

    private void download(ApiExchange exchange) throws Exception {
        String key = exchange.query("key").orElseThrow(() -> HttpError.badRequest("the request needs ?key=: the object's key"));
        ObjectStore.Download object = store().open(exchange.path("bucket"), key);
        List<String> parts = List.of(key.split("/"));
        exchange.download(object.contentType(), parts.isEmpty() ? "object" : parts.getLast(), object.length(), object.content());
    }

    /**
     * One S3 client for the console's life (its connection pool is reused by every page view), made at the first call:
     * the store may start after the console.
     */
    private synchronized ObjectStore store() {
        if (store == null) {
            try {
                store = new ObjectStore(lakehouse.endpoint("storage", "s3"));
            } catch (IllegalStateException e) {
                throw HttpError.unavailable("the object store does not run: " + e.getMessage());
            }
        }
        return store;
    }
}
