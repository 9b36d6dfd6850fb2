package dev.lakehouse.storage;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Notes in a file which writes of an object (PUT, copy, completed multipart upload) began and which ended, so that
 * after a kill -9 the next start knows exactly which keys may have a half-written file beside them
 * ({@link InterruptedUploads}). A line per event, "+" or "-" and the URL-encoded bucket/key; the file is emptied
 * whenever no write is in flight, so it stays a few lines long. The OS keeps what was written when the process dies.
 */
final class UploadJournal extends ForwardingBlobStore {
    private final FileChannel journal;
    private int inFlight;

    private UploadJournal(BlobStore delegate, FileChannel journal) {
        super(delegate);
        this.journal = journal;
    }

    /** Starts a new journal at {@code file} (read what the last run left there first, with {@link #unfinished}). */
    static UploadJournal open(BlobStore delegate, Path file) throws IOException {
        FileChannel journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        journal.truncate(0);
        return new UploadJournal(delegate, journal);
    }

    /** The bucket/key of every write that began and did not end in the run that left {@code file}. */
    static Set<String> unfinished(Path file) throws IOException {
        Map<String, Integer> open = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.length() > 1) {
                    open.merge(URLDecoder.decode(line.substring(1), StandardCharsets.UTF_8), line.charAt(0) == '+' ? 1 : -1, Integer::sum);
                }
            }
        } catch (NoSuchFileException e) {
            return Set.of();
        }
        return open.entrySet().stream().filter(entry -> entry.getValue() > 0).map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        return noted(request.bucket(), request.key(), () -> super.putBlob(request, content));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return noted(request.destinationBucket(), request.destinationKey(), () -> super.copyBlob(request));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        return noted(request.bucket(), request.key(), () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        super.close();
    }

    private <T> T noted(String bucket, String key, Supplier<T> write) {
        String entry = URLEncoder.encode(bucket + "/" + key, StandardCharsets.UTF_8);
        note('+', entry);
        try {
            return write.get();
        } finally {
            note('-', entry);
        }
    }

    private synchronized void note(char event, String entry) {
        try {
            if (event == '-' && --inFlight == 0) {
                journal.truncate(0); // nothing in flight: nothing to remember
                return;
            }
            if (event == '+') {
                inFlight++;
            }
            journal.write(ByteBuffer.wrap((event + entry + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note an upload in " + journal + ": " + e.getMessage(), e);
        }
    }
}
