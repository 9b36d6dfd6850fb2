package dev.lakehouse.flows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sample flows the demo puts in a fresh data directory's flows folder: the medallion every hour, the sensors' stream. */
public final class FlowSamples {
    private static final List<String> FILES = List.of("medallion-hourly.yaml", "sensors-gold.yaml");

    private FlowSamples() {
    }

    /**
     * Writes the samples into {@code directory} unless it exists already (the user's flows are never touched).
     *
     * @return the files written
     */
    public static List<Path> installInto(Path directory) throws IOException {
        List<Path> written = new ArrayList<>();
        if (Files.exists(directory)) {
            return written;
        }
        Files.createDirectories(directory);
        for (String name : FILES) {
            try (InputStream in = FlowSamples.class.getResourceAsStream("samples/" + name)) {
                if (in == null) {
                    throw new IOException("the sample flow " + name + " is missing from the lakehouse's jar");
                }
                Path file = directory.resolve(name);
                Files.copy(in, file);
                written.add(file);
            }
        }
        return written;
    }
}
