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

/**
 * The summary printed once everything is ready: every component with what it runs and took, its endpoints one
 * per line, their settings wrapped below them, so that it reads on an 80-column terminal and every address can
 * be copied whole.
 */
final class Banner {
    static final int WIDTH = 80;
    /** Endpoint properties that are paths or internals, not something to type into a client. */
    private static final Set<String> NOT_SHOWN = Set.of("root");
    /** An address this long is not printed (it would wrap); `lakehouse status --format json` has it whole. */
    private static final int LONGEST_ADDRESS = 60;
    private static final String ENDPOINT_INDENT = "    ";
    private static final int NAME_WIDTH = 10;

    private Banner() {
    }

    static String render(Lakehouse lakehouse, Path logFile) {
        StringBuilder text = new StringBuilder(System.lineSeparator());
        text.append(String.format("lakehouse %s is ready in %s%n", Lakehouse.version(),
                lakehouse.startTime().map(Banner::seconds).orElse("?")));
        for (ServiceStatus status : lakehouse.status()) {
            String took = status.startTime().map(Banner::seconds).orElse("");
            String header = String.format("  %-9s %s", status.name(), status.description());
            text.append(header).append(" ".repeat(Math.max(1, WIDTH - header.length() - took.length()))).append(took)
                    .append(System.lineSeparator());
            for (Endpoint endpoint : status.endpoints()) {
                endpoint(text, endpoint.name(), address(endpoint), properties(endpoint));
            }
        }
        lakehouse.consoleUri().ifPresent(uri -> {
            text.append("  console   the web console (open it in a browser), Prometheus metrics, and the control API the command line uses").append(System.lineSeparator());
            endpoint(text, "http", uri.toString(), List.of("/", "/metrics", "/health", "/api/status"));
        });
        text.append(String.format("%n  data  %s%n  log   %s%nStop with Ctrl-C.%n", lakehouse.dataDir(), logFile));
        return text.toString();
    }

    private static void endpoint(StringBuilder text, String name, String address, List<String> properties) {
        text.append(String.format("%s%-" + NAME_WIDTH + "s %s", ENDPOINT_INDENT, name, address).stripTrailing()).append(System.lineSeparator());
        String indent = " ".repeat(ENDPOINT_INDENT.length() + NAME_WIDTH + 1);
        StringBuilder line = new StringBuilder(indent);
        for (String property : properties) {
            if (line.length() > indent.length() && line.length() + 1 + property.length() > WIDTH) {
                text.append(line).append(System.lineSeparator());
                line = new StringBuilder(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(property);
        }
        if (line.length() > indent.length()) {
            text.append(line).append(System.lineSeparator());
        }
    }

    private static String address(Endpoint endpoint) {
        String uri = endpoint.uri().toString();
        if (uri.length() <= LONGEST_ADDRESS) {
            return uri;
        }
        java.util.regex.Matcher hostAndPort = java.util.regex.Pattern.compile("//([^/;?]+)").matcher(uri);
        return (hostAndPort.find() ? hostAndPort.group(1) + " " : "") + "(URL: lakehouse status --format json)";
    }

    private static List<String> properties(Endpoint endpoint) {
        List<String> properties = new ArrayList<>();
        endpoint.properties().entrySet().stream()
                .filter(e -> !NOT_SHOWN.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> properties.add(e.getKey() + "=" + e.getValue()));
        return properties;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
