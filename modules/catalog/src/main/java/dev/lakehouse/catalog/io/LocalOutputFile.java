package dev.lakehouse.catalog.io;

import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file to write on this machine's disk; its folders are created as needed (as an object store has none). */
final class LocalOutputFile implements OutputFile {
    private final LocalLocation location;

    LocalOutputFile(LocalLocation location) {
        this.location = location;
    }

    /** @throws AlreadyExistsException when the file exists: Iceberg never rewrites a file it named */
    @Override
    public PositionOutputStream create() {
        return open(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
        return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private PositionOutputStream open(OpenOption... options) {
        Path path = location.path();
        try {
            Files.createDirectories(path.getParent());
            return new CountingOutputStream(new BufferedOutputStream(Files.newOutputStream(path, options)));
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException(e, "File already exists: %s", location.location());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create file: " + location.location(), e);
        }
    }

    @Override
    public String location() {
        return location.location();
    }

    @Override
    public InputFile toInputFile() {
        return new LocalInputFile(location);
    }

    @Override
    public String toString() {
        return location.location();
    }

    private static final class CountingOutputStream extends PositionOutputStream {
        private final OutputStream out;
        private long position;

        CountingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
