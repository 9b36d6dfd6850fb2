package dev.lakehouse.runtime.api;

import dev.lakehouse.runtime.Lakehouse;

/**
 * More routes for the control API, from a module on the application class path (flows, models), found with
 * {@link java.util.ServiceLoader} (META-INF/services/dev.lakehouse.runtime.api.ApiExtension): the runtime knows
 * nothing of them but their routes.
 */
public interface ApiExtension {
    /** Adds the module's routes, answered for {@code lakehouse}. */
    void addRoutes(Router router, Lakehouse lakehouse);
}
