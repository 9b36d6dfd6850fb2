package dev.lakehouse.runtime.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakehouse.runtime.Refused;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The notebooks of a data directory, a file each: {@code <data-dir>/notebooks/<name>.json}. A name is a plain file
 * name (letters, digits, '-' and '_'), so no name reaches outside the folder. A save writes a temporary file next to
 * the notebook and moves it over the old one: a crash mid-write leaves the old notebook, never half a new one.
 */
public final class NotebookStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String EXTENSION = ".json";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Path directory;

    public NotebookStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** The name as given, or {@link Refused} (400) saying what a name may be. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            String shown = name == null ? "nothing" : "\"" + name.replace("\0", "\\0") + "\"";
            throw new Refused(Refused.Reason.INVALID, "a notebook's name is 1 to 64 letters, digits, '-' or '_', starting with a letter"
                    + " or digit (no '/', '..' or spaces), not " + shown);
        }
        return name;
    }

    /** Every notebook: its name, cells and when it was last saved, by name. */
    public List<Map<String, Object>> list() throws IOException {
        List<Map<String, Object>> notebooks = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return notebooks;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                String name = fileName.endsWith(EXTENSION) ? fileName.substring(0, fileName.length() - EXTENSION.length()) : "";
                if (!NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                try {
                    entry.put("cells", read(name).cells().size());
                } catch (Refused e) {
                    entry.put("error", e.getMessage());
                }
                entry.put("modified", Files.getLastModifiedTime(file).toInstant().toString());
                notebooks.add(entry);
            }
        }
        return notebooks;
    }

    /** The notebook, or {@link Refused}: 404 when there is none, 400 when its file is not a notebook. */
    public Notebook read(String name) throws IOException {
        Path file = file(name);
        try {
            return JSON.readValue(Files.readAllBytes(file), Notebook.class).checked();
        } catch (NoSuchFileException e) {
            throw new Refused(Refused.Reason.NOT_FOUND, "no notebook named " + name + " (in " + directory + ")");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Refused(Refused.Reason.INVALID, file + " is not a notebook: " + message(e));
        }
    }

    public Optional<Instant> modified(String name) throws IOException {
        Path file = file(name);
        return Files.exists(file) ? Optional.of(Files.getLastModifiedTime(file).toInstant()) : Optional.empty();
    }

    /**
     * Checks and writes the notebook (atomically: a temporary file moved over the old one).
     *
     * @return whether it is new
     */
    public boolean write(String name, Notebook notebook) throws IOException {
        Path file = file(name);
        Notebook checked;
        try {
            checked = notebook.checked();
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Reason.INVALID, e.getMessage());
        }
        Files.createDirectories(directory);
        boolean created = !Files.exists(file);
        Path temporary = Files.createTempFile(directory, "." + name + "-", ".tmp");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(checked));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return created;
    }

    /** Parses a notebook sent by a client; {@link Refused} (400) with the parser's own words when it is none. */
    public static Notebook parse(byte[] json) {
        try {
            return JSON.readValue(json, Notebook.class);
        } catch (IOException e) {
            throw new Refused(Refused.Reason.INVALID, "the request body is not a notebook: " + message(e));
        }
    }

    public void delete(String name) throws IOException {
        if (!Files.deleteIfExists(file(name))) {
            throw new Refused(Refused.Reason.NOT_FOUND, "no notebook named " + name + " (in " + directory + ")");
        }
    }

    private Path file(String name) {
        return directory.resolve(checkName(name) + EXTENSION);
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }
}
