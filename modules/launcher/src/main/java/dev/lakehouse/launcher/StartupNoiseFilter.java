package dev.lakehouse.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes a child JVM's output through, minus the lines the JVM itself prints about flags that are ours, not
 * the user's, and that no option silences: on stderr "WARNING: Using incubator modules: jdk.incubator.vector"
 * at every start, on stdout " AOTConfiguration recorded: ..." when a start was recorded for the AOT cache.
 * Bytes are passed on as they come: only the start of a line that could be such a line waits, until it
 * either is one (and is dropped to its end) or is not.
 */
final class StartupNoiseFilter {
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules:";
    static final String AOT_RECORDED = " AOTConfiguration recorded:";

    private StartupNoiseFilter() {
    }

    static void copy(InputStream in, OutputStream out, String droppedLinePrefix) {
        byte[] prefix = droppedLinePrefix.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        boolean atLineStart = true;
        boolean dropping = false;
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (dropping) {
                        dropping = b != '\n';
                        atLineStart = !dropping;
                    } else if (atLineStart && held.size() < prefix.length && b == prefix[held.size()]) {
                        held.write(b);
                        if (held.size() == prefix.length) {
                            held.reset();
                            dropping = true;
                        }
                    } else {
                        held.writeTo(out);
                        held.reset();
                        out.write(b);
                        atLineStart = b == '\n';
                    }
                }
                out.flush();
            }
            held.writeTo(out);
            out.flush();
        } catch (IOException e) {
            // the child is gone, or our stream is closed: nothing left to pass on
        }
    }
}
