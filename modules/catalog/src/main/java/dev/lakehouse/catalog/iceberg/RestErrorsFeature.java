package dev.lakehouse.catalog.iceberg;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

/** Registers the ErrorResponse mapping for every exception the Iceberg application sees. */
public final class RestErrorsFeature implements Feature {
    @Override
    public boolean configure(FeatureContext context) {
        context.register(RestErrors.class);
        return true;
    }
}
