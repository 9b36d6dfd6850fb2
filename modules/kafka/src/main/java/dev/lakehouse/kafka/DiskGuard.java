package dev.lakehouse.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps producers from filling the data disk: a broker has no such limit of its own, and on a laptop the data
 * directory shares its disk with everything else. Below {@code kafka.min-free-disk} free, every producer gets a
 * byte-rate quota of a trickle (the broker delays its requests, nothing is lost); once a tenth more is free again
 * (retention or the user freed it), the quota goes.
 */
final class DiskGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);
    /** Bytes per second each producer may still send while the disk is low. */
    static final double TRICKLE = 1024;
    private static final long CHECK_SECONDS = 5;

    private final String bootstrapServers;
    private final Map<String, String> clientSecurity;
    private final Path logDir;
    private final long minFree;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kafka-disk-guard").factory());
    private volatile boolean throttling;
    private volatile long lastFree = -1;

    DiskGuard(String bootstrapServers, Map<String, String> clientSecurity, Path logDir, long minFree) {
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = Map.copyOf(clientSecurity);
        this.logDir = logDir;
        this.minFree = minFree;
    }

    void start() {
        executor.scheduleWithFixedDelay(this::check, 0, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    boolean throttling() {
        return throttling;
    }

    /** One line for the status: how much is free and what it means for producers. */
    String describe() {
        return "producers throttled: " + (lastFree >> 20) + " MB free on the data disk, below kafka.min-free-disk ("
                + (minFree >> 20) + " MB); free space or delete topics";
    }

    private void check() {
        try {
            long free = Files.getFileStore(logDir).getUsableSpace();
            lastFree = free;
            if (!throttling && free < minFree) {
                setQuota(TRICKLE);
                throttling = true;
                LOG.warn("kafka: {}", describe());
            } else if (throttling && free > minFree + minFree / 10) {
                setQuota(null);
                throttling = false;
                LOG.info("kafka: {} MB free on the data disk again: producers are no longer throttled", free >> 20);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("kafka: disk guard check failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The default quota of every client (null removes it). */
    private void setQuota(Double bytesPerSecond) throws InterruptedException {
        ClientQuotaEntity everyClient = new ClientQuotaEntity(Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));
        ClientQuotaAlteration alteration = new ClientQuotaAlteration(everyClient,
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond)));
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
        settings.putAll(clientSecurity);
        try (Admin admin = Admin.create(settings)) {
            admin.alterClientQuotas(List.of(alteration)).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot set the producer quota: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
