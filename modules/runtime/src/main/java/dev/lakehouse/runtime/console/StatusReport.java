package dev.lakehouse.runtime.console;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.ServiceState;
import dev.lakehouse.runtime.ServiceStatus;
import dev.lakehouse.spi.Endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a lakehouse as a JSON-ready tree: what /api/status answers and what
 * run/endpoints.json holds. /health answers the same without versions and uptime. What goes over HTTP
 * never carries a secret (a key or password shows as ****); the run file, readable by its owner only,
 * carries them for the tools of the user who started the stack.
 */
public final class StatusReport {
    private StatusReport() {
    }

    /** The report with secrets masked, for HTTP; with the JVM's memory now (the run file, written once, has none). */
    public static Map<String, Object> of(Lakehouse lakehouse) {
        Map<String, Object> report = of(lakehouse, false);
        report.put("memory", memory());
        return report;
    }

    /** The heap of the one JVM every component shares: used, committed and the most it may grow to (-Xmx). */
    private static Map<String, Object> memory() {
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heapUsedBytes", heap.getUsed());
        memory.put("heapCommittedBytes", heap.getCommitted());
        memory.put("heapMaxBytes", heap.getMax());
        return memory;
    }

    /** The report; secrets only when {@code withSecrets} (the run file). */
    public static Map<String, Object> of(Lakehouse lakehouse, boolean withSecrets) {
        Map<String, Object> report = report(lakehouse, withSecrets);
        report.put("version", Lakehouse.version());
        report.put("pid", ProcessHandle.current().pid());
        report.put("dataDir", lakehouse.dataDir().toString());
        lakehouse.consoleUri().ifPresent(uri -> report.put("console", uri.toString()));
        if (withSecrets && lakehouse.settings().exposed()) {
            // for the command line on this machine: the run file is readable by its owner only
            report.put("consoleToken", lakehouse.settings().consoleToken());
        }
        lakehouse.startedAt().ifPresent(at -> {
            report.put("startedAt", at.toString());
            report.put("uptimeSeconds", Duration.between(at, Instant.now()).toSeconds());
        });
        lakehouse.startTime().ifPresent(took -> report.put("startMillis", took.toMillis()));
        report.put("components", lakehouse.componentVersions());
        return report;
    }

    public static Map<String, Object> health(Lakehouse lakehouse) {
        return report(lakehouse, false);
    }

    private static Map<String, Object> report(Lakehouse lakehouse, boolean withSecrets) {
        Map<String, Object> services = new LinkedHashMap<>();
        List<ServiceStatus> statuses = lakehouse.status();
        statuses.forEach(status -> services.put(status.name(), service(status, withSecrets)));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", overall(statuses));
        report.put("services", services);
        return report;
    }

    /** UP when every component is ready and healthy; STARTING while some are still on their way. */
    private static String overall(List<ServiceStatus> statuses) {
        if (!statuses.isEmpty() && statuses.stream().allMatch(ServiceStatus::healthy)) {
            return "UP";
        }
        boolean failed = statuses.stream().anyMatch(s -> s.state() == ServiceState.FAILED);
        boolean underway = statuses.stream().anyMatch(s -> s.state() == ServiceState.PENDING || s.state() == ServiceState.STARTING);
        return underway && !failed ? "STARTING" : "DOWN";
    }

    private static Map<String, Object> service(ServiceStatus status, boolean withSecrets) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("state", status.state().name());
        service.put("description", status.description());
        status.startTime().ifPresent(took -> service.put("startMillis", took.toMillis()));
        if (!status.detail().isEmpty()) {
            service.put("detail", status.detail());
        }
        if (!status.endpoints().isEmpty()) {
            service.put("endpoint", status.endpoints().getFirst().uri().toString());
        }
        Map<String, Object> endpoints = new LinkedHashMap<>();
        for (Endpoint endpoint : status.endpoints()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("uri", endpoint.uri().toString());
            e.put("protocol", endpoint.protocol());
            if (!endpoint.properties().isEmpty()) {
                e.put("properties", withSecrets ? endpoint.properties() : masked(endpoint.properties()));
            }
            endpoints.put(endpoint.name(), e);
        }
        service.put("endpoints", endpoints);
        return service;
    }

    /** Whether a property holds a secret: a secret key, a password, a token. */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("secret") || lower.contains("password") || lower.contains("token") || lower.contains("jaas");
    }

    private static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> masked = new java.util.TreeMap<>();
        properties.forEach((key, value) -> masked.put(key, isSecret(key) ? "****" : value));
        return masked;
    }
}
