package dev.lakehouse.app;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.ServiceStatus;
import dev.lakehouse.spi.Endpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The summary printed once everything is ready: every endpoint, what each component took, the total. */
final class Banner {
    /** Endpoint properties that are paths or internals, not something to type into a client. */
    private static final Set<String> NOT_SHOWN = Set.of("root");

    private Banner() {
    }

    static String render(Lakehouse lakehouse, Path logFile) {
        StringBuilder text = new StringBuilder();
        text.append(System.lineSeparator());
        text.append(String.format("lakehouse %s is ready in %s%n", Lakehouse.version(),
                lakehouse.startTime().map(Banner::seconds).orElse("?")));
        text.append(String.format("  %-9s %-22s %7s  %-10s %s%n", "component", "runs", "took", "endpoint", "address"));
        for (ServiceStatus status : lakehouse.status()) {
            boolean first = true;
            for (Endpoint endpoint : status.endpoints()) {
                text.append(String.format("  %-9s %-22s %7s  %-10s %s%s%n",
                        first ? status.name() : "",
                        first ? status.description() : "",
                        first ? status.startTime().map(Banner::seconds).orElse("") : "",
                        endpoint.name(), endpoint.uri(), properties(endpoint)));
                first = false;
            }
        }
        lakehouse.consoleUri().ifPresent(uri -> text.append(String.format("  %-9s %-22s %7s  %-10s %s  (/health, /api/status)%n",
                "console", "", "", "http", uri)));
        text.append(String.format("  data %s%n  log  %s%n", lakehouse.dataDir(), logFile));
        text.append(String.format("Stop with Ctrl-C.%n"));
        return text.toString();
    }

    private static String properties(Endpoint endpoint) {
        String shown = endpoint.properties().entrySet().stream()
                .filter(e -> !NOT_SHOWN.contains(e.getKey()))
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return shown.isEmpty() ? "" : "  " + shown;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
