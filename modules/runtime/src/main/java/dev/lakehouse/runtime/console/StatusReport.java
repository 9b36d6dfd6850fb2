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
 * run/endpoints.json holds. /health answers the same without versions and uptime.
 */
public final class StatusReport {
    private StatusReport() {
    }

    public static Map<String, Object> of(Lakehouse lakehouse) {
        Map<String, Object> report = health(lakehouse);
        report.put("version", Lakehouse.version());
        report.put("pid", ProcessHandle.current().pid());
        report.put("dataDir", lakehouse.dataDir().toString());
        lakehouse.consoleUri().ifPresent(uri -> report.put("console", uri.toString()));
        lakehouse.startedAt().ifPresent(at -> {
            report.put("startedAt", at.toString());
            report.put("uptimeSeconds", Duration.between(at, Instant.now()).toSeconds());
        });
        lakehouse.startTime().ifPresent(took -> report.put("startMillis", took.toMillis()));
        report.put("components", lakehouse.componentVersions());
        return report;
    }

    public static Map<String, Object> health(Lakehouse lakehouse) {
        Map<String, Object> services = new LinkedHashMap<>();
        List<ServiceStatus> statuses = lakehouse.status();
        statuses.forEach(status -> services.put(status.name(), service(status)));
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

    private static Map<String, Object> service(ServiceStatus status) {
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
                e.put("properties", endpoint.properties());
            }
            endpoints.put(endpoint.name(), e);
        }
        service.put("endpoints", endpoints);
        return service;
    }
}
