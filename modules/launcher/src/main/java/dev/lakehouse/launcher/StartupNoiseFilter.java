package dev.lakehouse.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes the child JVM's stderr through, minus the warning the JVM prints first whenever an incubator
 * module is linked ("WARNING: Using incubator modules: jdk.incubator.vector"): the flag is ours, not the
 * user's, and there is no option to silence it. Everything after the first line is copied unchanged.
 */
final class StartupNoiseFilter {
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules:";

    private StartupNoiseFilter() {
    }

    static void copy(InputStream in, OutputStream out) {
        try {
            ByteArrayOutputStream firstLine = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                firstLine.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (!firstLine.toString(StandardCharsets.UTF_8).startsWith(INCUBATOR_WARNING)) {
                firstLine.writeTo(out);
                out.flush();
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the child is gone, or our stderr is closed: nothing left to pass on
        }
    }
}
