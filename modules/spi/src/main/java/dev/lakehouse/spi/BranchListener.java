package dev.lakehouse.spi;

/**
 * A component that follows the catalog's branches (Trino keeps a catalog per branch), told at once when the
 * lakehouse creates, merges or deletes one, so that the next statement finds it. Reached through
 * {@link Service#unwrap(Class)}. Branches changed by other clients of Nessie are picked up by the component itself.
 */
public interface BranchListener {
    /** The branches may have changed: returns once the component has caught up. */
    void branchesChanged();
}
