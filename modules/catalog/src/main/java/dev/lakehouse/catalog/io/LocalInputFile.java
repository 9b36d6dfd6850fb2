package dev.lakehouse.catalog.io;

import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/** A file on this machine's disk, read through a FileChannel. */
final class LocalInputFile implements InputFile {
    private final LocalLocation location;

    LocalInputFile(LocalLocation location) {
        this.location = location;
    }

    @Override
    public long getLength() {
        try {
            return Files.size(location.path());
        } catch (NoSuchFileException e) {
            throw new NotFoundException(e, "File does not exist: %s", location.location());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to get the length of " + location.location(), e);
        }
    }

    /** @throws NotFoundException when the file is not there, with the message Iceberg's Hadoop FileIO gives */
    @Override
    public SeekableInputStream newStream() {
        try {
            return new ChannelInputStream(FileChannel.open(location.path(), StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new NotFoundException(e, "Failed to open input stream for file: %s", location.location());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to open input stream for file: " + location.location(), e);
        }
    }

    @Override
    public String location() {
        return location.location();
    }

    @Override
    public boolean exists() {
        return Files.isRegularFile(location.path());
    }

    @Override
    public String toString() {
        return location.location();
    }

    private static final class ChannelInputStream extends SeekableInputStream {
        private final FileChannel channel;

        ChannelInputStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() throws IOException {
            return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
            channel.position(newPos);
        }

        @Override
        public int read() throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            int read = channel.read(one);
            return read <= 0 ? -1 : one.get(0) & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = Math.max(0, Math.min(n, channel.size() - channel.position()));
            channel.position(channel.position() + skipped);
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
