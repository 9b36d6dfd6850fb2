package dev.lakehouse.spark;

import dev.lakehouse.spark.pipeline.NessieBranches;
import dev.lakehouse.spi.BranchListener;
import dev.lakehouse.spi.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Closes the shared Iceberg REST clients of branches that are gone: at once when the lakehouse changes a branch
 * ({@link BranchListener}), and every half minute for branches deleted by others (a pipeline's write-audit-publish
 * deletes its branch through Nessie directly).
 */
final class RestClientSweeper implements BranchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestClientSweeper.class);
    private static final Duration POLL = Duration.ofSeconds(30);

    private final Endpoint nessie;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("spark-rest-client-sweeper").factory());

    RestClientSweeper(Endpoint nessie) {
        this.nessie = nessie;
    }

    void start() {
        executor.scheduleWithFixedDelay(this::sweepQuietly, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void branchesChanged() {
        try {
            executor.submit(this::sweepQuietly).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("spark: the REST client sweep did not finish: {}", e.toString());
        }
    }

    private void sweepQuietly() {
        try (NessieBranches branches = NessieBranches.of(nessie)) {
            // tags too: a session may read one, and a reference at a commit (name@hash) keeps its name's client
            Set<String> references = branches.references().stream().map(NessieBranches.Reference::name).collect(Collectors.toSet());
            int closed = SharedRestClients.retainBranches(references);
            if (closed > 0) {
                LOG.debug("spark: closed {} Iceberg REST clients of deleted branches; {} open", closed, SharedRestClients.size());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("spark: cannot list the branches to close the clients of deleted ones: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
