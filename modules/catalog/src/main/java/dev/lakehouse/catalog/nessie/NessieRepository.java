package dev.lakehouse.catalog.nessie;

import org.projectnessie.model.CommitMeta;
import org.projectnessie.versioned.BranchName;
import org.projectnessie.versioned.ReferenceConflictException;
import org.projectnessie.versioned.ReferenceNotFoundException;
import org.projectnessie.versioned.VersionStore;
import org.projectnessie.versioned.storage.common.config.StoreConfig;
import org.projectnessie.versioned.storage.common.logic.RepositoryLogic;
import org.projectnessie.versioned.storage.common.persist.Backend;
import org.projectnessie.versioned.storage.common.persist.Persist;
import org.projectnessie.versioned.storage.rocksdb.RocksDBBackendConfig;
import org.projectnessie.versioned.storage.rocksdb.RocksDBBackendFactory;
import org.projectnessie.versioned.storage.versionstore.VersionStoreImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.projectnessie.versioned.storage.common.logic.Logics.repositoryLogic;

/**
 * Nessie's version store on RocksDB. The repository (and its default branch) is created on the first
 * start only; an existing one is opened as it is, never re-initialised, so branches and commits survive
 * every restart.
 */
public final class NessieRepository implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NessieRepository.class);

    private final Backend backend;
    private final VersionStore versionStore;

    private NessieRepository(Backend backend, VersionStore versionStore) {
        this.backend = backend;
        this.versionStore = versionStore;
    }

    public static NessieRepository open(Path directory, String defaultBranch) throws IOException {
        Files.createDirectories(directory);
        Backend backend = new RocksDBBackendFactory().buildBackend(RocksDBBackendConfig.builder().databasePath(directory).build());
        try {
            backend.setupSchema();
            Persist persist = backend.createFactory().newPersist(StoreConfig.Adjustable.empty());
            RepositoryLogic repository = repositoryLogic(persist);
            if (repository.repositoryExists()) {
                LOG.info("Opened the Nessie repository in {}", directory);
                return new NessieRepository(backend, new VersionStoreImpl(persist));
            }
            repository.initialize(defaultBranch);
            VersionStore versionStore = new VersionStoreImpl(persist);
            // A first (empty) commit: Nessie cannot merge a branch cut from a branch that has no commit yet
            // (no common ancestor, projectnessie/nessie#6447), the very first thing a trainee tries
            versionStore.commit(BranchName.of(defaultBranch), Optional.empty(), CommitMeta.builder()
                    .message("lakehouse: repository created").author("lakehouse")
                    .commitTime(java.time.Instant.now()).build(), List.of());
            LOG.info("Created a Nessie repository in {} with branch {}", directory, defaultBranch);
            return new NessieRepository(backend, versionStore);
        } catch (RuntimeException | ReferenceNotFoundException | ReferenceConflictException e) {
            try {
                backend.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("cannot create the Nessie repository in " + directory + ": " + e.getMessage(), e);
        }
    }

    public VersionStore versionStore() {
        return versionStore;
    }

    @Override
    public void close() throws Exception {
        backend.close();
    }
}
