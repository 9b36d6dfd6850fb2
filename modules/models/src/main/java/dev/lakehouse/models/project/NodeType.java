package dev.lakehouse.models.project;

import java.util.Locale;

/** The kinds of node this runner builds (dbt's resource types), and sources, which it only reads. */
public enum NodeType {
    MODEL, SEED, TEST, SOURCE;

    /** As dbt writes it: model, seed, test, source. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
