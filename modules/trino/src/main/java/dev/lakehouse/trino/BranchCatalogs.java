package dev.lakehouse.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.spi.BranchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Trino catalog per Nessie branch: {@code iceberg_dev} holds branch dev's tables, as {@code iceberg} holds
 * main's. Trino has no catalog that follows a pattern, so the catalogs follow the branches: at once when the
 * lakehouse itself creates or deletes a branch ({@link BranchListener}), and every few seconds for branches
 * other clients of Nessie make.
 */
final class BranchCatalogs implements BranchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BranchCatalogs.class);
    static final String PREFIX = "iceberg_";
    private static final Duration POLL = Duration.ofSeconds(3);

    private final EmbeddedTrino trino;
    private final URI nessieApi;
    private final String defaultBranch;
    private final Map<String, String> icebergProperties;
    private final Set<String> created = new HashSet<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor;

    /**
     * @param icebergProperties the iceberg catalog's properties; a branch's catalog differs in its warehouse only
     */
    BranchCatalogs(EmbeddedTrino trino, URI nessieApi, String defaultBranch, Map<String, String> icebergProperties) {
        this.trino = trino;
        this.nessieApi = nessieApi;
        this.defaultBranch = defaultBranch;
        this.icebergProperties = Map.copyOf(icebergProperties);
        // the thread inherits the trino module's context class loader, which creating a catalog needs
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("trino-branch-catalogs").factory());
    }

    /** The catalog name of a branch (Trino's catalog names are lower case). */
    static String catalogName(String branch) {
        return PREFIX + branch.toLowerCase(Locale.ROOT);
    }

    void start() {
        executor.scheduleWithFixedDelay(this::syncQuietly, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void branchesChanged() {
        try {
            executor.submit(this::syncQuietly).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("trino: the branch catalogs did not catch up: {}", e.toString());
        }
    }

    /** The branch catalogs there are now. */
    synchronized Set<String> catalogs() {
        return new TreeSet<>(created);
    }

    private void syncQuietly() {
        try {
            sync(branches());
        } catch (IOException e) {
            LOG.debug("trino: cannot list the branches: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("trino: syncing the branch catalogs failed", e);
        }
    }

    private synchronized void sync(Set<String> branches) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String branch : branches) {
            if (!branch.equals(defaultBranch)) {
                wanted.putIfAbsent(catalogName(branch), branch);
            }
        }
        Set<String> existing = trino.catalogNames();
        wanted.forEach((catalog, branch) -> {
            if (!created.contains(catalog) && !existing.contains(catalog)) {
                Map<String, String> properties = new LinkedHashMap<>(icebergProperties);
                properties.put("iceberg.rest-catalog.warehouse", branch);
                try {
                    trino.createCatalog(catalog, "iceberg", properties);
                    created.add(catalog);
                    LOG.info("trino: catalog {} for branch {}", catalog, branch);
                } catch (RuntimeException e) {
                    LOG.warn("trino: no catalog for branch {}: {}", branch, e.getMessage());
                }
            }
        });
        for (String catalog : new TreeSet<>(created)) {
            if (!wanted.containsKey(catalog)) {
                trino.dropCatalog(catalog);
                created.remove(catalog);
                LOG.info("trino: dropped catalog {} (its branch is gone)", catalog);
            }
        }
    }

    private Set<String> branches() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nessieApi + "/trees")).timeout(Duration.ofSeconds(10));
        icebergProperties.entrySet().stream().filter(e -> e.getKey().equals("iceberg.rest-catalog.oauth2.token"))
                .forEach(e -> request.header("Authorization", "Bearer " + e.getValue()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Nessie answered " + response.statusCode());
        }
        Set<String> branches = new TreeSet<>();
        for (JsonNode reference : new ObjectMapper().readTree(response.body()).path("references")) {
            if ("BRANCH".equals(reference.path("type").asText())) {
                branches.add(reference.path("name").asText());
            }
        }
        return branches;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        http.close();
    }
}
