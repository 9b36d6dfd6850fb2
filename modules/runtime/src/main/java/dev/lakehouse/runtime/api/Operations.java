package dev.lakehouse.runtime.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The long work the API does for clients (a statement, a pipeline run, a producer), by the id each client
 * chose for it, so that {@code DELETE /api/operations/ID} (the client's Ctrl-C) stops it.
 */
public final class Operations {
    /** How a piece of work stops early. */
    @FunctionalInterface
    interface Cancel {
        void cancel();
    }

    private final Map<String, Cancel> running = new ConcurrentHashMap<>();

    /** Registers work under the client's id; closing the registration forgets it. */
    Registration register(String id, Cancel cancel) {
        if (id == null || id.isBlank()) {
            return () -> {
            };
        }
        if (running.putIfAbsent(id, cancel) != null) {
            throw HttpError.conflict("operation " + id + " is already running");
        }
        return () -> running.remove(id, cancel);
    }

    /** Stops the work known by {@code id}; false when nothing runs under that id. */
    boolean cancel(String id) {
        Cancel cancel = running.get(id);
        if (cancel == null) {
            return false;
        }
        cancel.cancel();
        return true;
    }

    /** The registration of one piece of work. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
