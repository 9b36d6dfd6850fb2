package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.CloseConnectionException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * An answer streamed as JSON lines, each flushed as it is written, so the client shows rows and progress as
 * they come. A write that fails means the client has gone: {@link ClientGone} tells the work to stop.
 */
public final class EventWriter {
    private final OutputStream out;
    private final ObjectMapper json;

    EventWriter(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    /** Writes {"name": value} as one line. */
    public synchronized void event(String name, Object value) {
        try {
            out.write(json.writeValueAsBytes(Map.of(name, value)));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        } catch (UncheckedIOException | CloseConnectionException e) {
            // the web server says a closed connection this way (ServerConnectionException: "Failed to write chunked
            // response data")
            throw new ClientGone(e);
        }
    }

    /** The client closed the connection (Ctrl-C, a crash): there is no one to answer any more. */
    public static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone(Exception cause) {
            super("the client has gone: " + cause.getMessage(), cause, false, false);
        }
    }
}
