package dev.lakehouse.runtime.branch;

import dev.lakehouse.runtime.Refused;
import dev.lakehouse.spark.pipeline.NessieBranches;
import dev.lakehouse.spi.BranchListener;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * The catalog's branches, as the lakehouse offers them (Lakehouse#branches(), the API behind
 * {@code lakehouse branch}): Nessie's references, with messages that say what to do, commits authored by the
 * user, and the engines told at once so that a new branch's catalogs exist by the next statement. What the user
 * can fix is a {@link Refused}.
 */
public final class Branches {
    private final dev.lakehouse.spi.Endpoint nessieApi;
    private final Supplier<List<BranchListener>> listeners;

    /** @param nessieApi the catalog's "nessie" endpoint (its URI, and its token when it has one) */
    public Branches(dev.lakehouse.spi.Endpoint nessieApi, Supplier<List<BranchListener>> listeners) {
        this.nessieApi = nessieApi;
        this.listeners = listeners;
    }

    public List<NessieBranches.Reference> list() throws IOException, InterruptedException {
        try (NessieBranches nessie = nessie()) {
            return nessie.references();
        }
    }

    /** Creates a branch at the head of {@code from}; its Trino catalog exists when this returns. */
    public NessieBranches.Reference create(String name, String from) throws IOException, InterruptedException {
        if (name == null || name.isBlank()) {
            throw Refused.invalid("a branch needs a name");
        }
        try (NessieBranches nessie = nessie()) {
            requireExists(nessie, from, "to start it from");
            NessieBranches.Reference created;
            try {
                created = nessie.createBranch(name, from);
            } catch (NessieBranches.NessieException e) {
                throw e.status() == 409 ? Refused.conflict("a branch or tag named '" + name + "' exists already") : e;
            }
            changed();
            return created;
        }
    }

    /** Merges {@code from} into {@code into} in one commit by {@code author}. */
    public NessieBranches.Merge merge(String from, String into, String author) throws IOException, InterruptedException {
        try (NessieBranches nessie = nessie()) {
            requireExists(nessie, from, "to merge");
            requireExists(nessie, into, "to merge into");
            try {
                return nessie.merge(from, into, author);
            } catch (NessieBranches.NessieException e) {
                if (e.status() == 409) {
                    throw Refused.conflict("cannot merge " + from + " into " + into + ": both changed the same table"
                            + " since they parted (" + e.getMessage() + ")");
                }
                throw e;
            }
        }
    }

    public void delete(String name) throws IOException, InterruptedException {
        try (NessieBranches nessie = nessie()) {
            requireExists(nessie, name, "to delete");
            nessie.deleteBranch(name);
            changed();
        }
    }

    public List<NessieBranches.Commit> log(String reference, int max) throws IOException, InterruptedException {
        try (NessieBranches nessie = nessie()) {
            try {
                return nessie.history(reference, max);
            } catch (NessieBranches.NessieException e) {
                throw e.status() == 404 ? noSuchReference(reference, "") : e;
            }
        }
    }

    /** The log with what each commit changed (its tables written or dropped), newest first. */
    public List<NessieBranches.CommitChanges> logWithChanges(String reference, int max) throws IOException, InterruptedException {
        try (NessieBranches nessie = nessie()) {
            requireExists(nessie, reference, "");
            return nessie.historyWithChanges(reference, max);
        }
    }

    /** What {@code branch} has that {@code other} has not: tables added, removed and changed on it, relative to {@code other}. */
    public List<NessieBranches.Difference> diff(String branch, String other) throws IOException, InterruptedException {
        try (NessieBranches nessie = nessie()) {
            requireExists(nessie, branch, "");
            requireExists(nessie, other, "to compare with");
            return nessie.diff(other, branch);
        }
    }

    private static void requireExists(NessieBranches nessie, String name, String purpose) throws IOException, InterruptedException {
        try {
            nessie.reference(name);
        } catch (NessieBranches.NessieException e) {
            throw e.status() == 404 ? noSuchReference(name, purpose) : e;
        }
    }

    private static Refused noSuchReference(String name, String purpose) {
        return Refused.notFound("there is no branch or tag '" + name + "'" + (purpose.isEmpty() ? "" : " " + purpose)
                + "; 'lakehouse branch list' shows them");
    }

    private void changed() {
        listeners.get().forEach(BranchListener::branchesChanged);
    }

    private NessieBranches nessie() {
        return NessieBranches.of(nessieApi);
    }
}
