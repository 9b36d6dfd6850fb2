package dev.lakehouse.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Optional;

/**
 * An answer streamed as JSON lines, one event per line: {"columns": ...}, {"row": [...]}, {"progress": "..."},
 * and last {"done": {...}} or {"error": {...}}. A stream that ends without either means the lakehouse went
 * away in the middle of the work.
 */
public final class EventStream implements AutoCloseable {
    private final HttpURLConnection connection;
    private final BufferedReader lines;

    EventStream(HttpURLConnection connection, BufferedReader lines) {
        this.connection = connection;
        this.lines = lines;
    }

    /** The next event, or empty at the end of the stream. */
    public Optional<Map<String, Object>> next() throws IOException {
        String line;
        do {
            line = lines.readLine();
            if (line == null) {
                return Optional.empty();
            }
        } while (line.isBlank());
        return Optional.of(LakehouseClient.JSON_CODEC.mapFrom(line));
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            // the connection is going away either way
        }
        connection.disconnect();
    }
}
