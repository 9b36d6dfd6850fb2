package dev.lakehouse.runtime.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The notebook the demo leaves in the data directory: a walk through the medallion's tables, a time-travel query and
 * a branch diff. Its text has placeholders ({@code {{demo_snapshot}}}) the demo fills with what only it knows.
 */
public final class NotebookSamples {
    /** The demo's notebook's name (its file: {@code <data-dir>/notebooks/medallion-tour.json}). */
    public static final String MEDALLION_TOUR = "medallion-tour";
    /** The branch its diff compares with main; the demo creates it. */
    public static final String SANDBOX_BRANCH = "sandbox";

    private NotebookSamples() {
    }

    /**
     * Writes the medallion tour into {@code directory} unless a notebook of that name is there (a user's file is
     * never overwritten), its placeholders replaced by {@code values}.
     *
     * @return the file written, or empty when one was there already
     */
    public static Optional<Path> installMedallionTour(Path directory, Map<String, String> values) throws IOException {
        Path file = directory.resolve(MEDALLION_TOUR + ".json");
        if (Files.exists(file)) {
            return Optional.empty();
        }
        String text;
        try (InputStream in = NotebookSamples.class.getResourceAsStream("samples/" + MEDALLION_TOUR + ".json")) {
            if (in == null) {
                throw new IOException("the sample notebook " + MEDALLION_TOUR + " is missing from the lakehouse's jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        // through the store: the sample is checked as any notebook is, and written atomically
        new NotebookStore(directory).write(MEDALLION_TOUR, NotebookStore.parse(text.getBytes(StandardCharsets.UTF_8)));
        return Optional.of(file);
    }
}
