package dev.lakehouse.app;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.ServiceStatus;
import dev.lakehouse.spi.Endpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The summary printed once everything is ready: every endpoint, what each component took, the total. */
final class Banner {
    /** Endpoint properties that are paths or internals, not something to type into a client. */
    private static final Set<String> NOT_SHOWN = Set.of("root");

    private Banner() {
    }

    static String render(Lakehouse lakehouse, Path logFile) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"component", "took", "endpoint", "address", ""});
        for (ServiceStatus status : lakehouse.status()) {
            boolean first = true;
            for (Endpoint endpoint : status.endpoints()) {
                rows.add(new String[] {
                        first ? status.name() : "",
                        first ? status.startTime().map(Banner::seconds).orElse("") : "",
                        endpoint.name(), endpoint.uri().toString(), properties(endpoint)});
                first = false;
            }
        }
        lakehouse.consoleUri().ifPresent(uri -> rows.add(new String[] {"console", "", "http", uri.toString(), "/health /api/status"}));
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder(System.lineSeparator());
        text.append(String.format("lakehouse %s is ready in %s%n", Lakehouse.version(),
                lakehouse.startTime().map(Banner::seconds).orElse("?")));
        for (String[] row : rows) {
            text.append(String.format("  %-" + widths[0] + "s  %" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3] + "s  %s",
                    (Object[]) row).stripTrailing()).append(System.lineSeparator());
        }
        text.append(System.lineSeparator());
        for (ServiceStatus status : lakehouse.status()) {
            text.append(String.format("  %-" + widths[0] + "s  %s%n", status.name(), status.description()));
        }
        text.append(String.format("%n  data  %s%n  log   %s%nStop with Ctrl-C.%n", lakehouse.dataDir(), logFile));
        return text.toString();
    }

    private static String properties(Endpoint endpoint) {
        return endpoint.properties().entrySet().stream()
                .filter(e -> !NOT_SHOWN.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
