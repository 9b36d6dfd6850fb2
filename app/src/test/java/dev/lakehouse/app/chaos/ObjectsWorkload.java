package dev.lakehouse.app.chaos;

import dev.lakehouse.app.it.S3Clients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An S3 client putting objects (1 KB to 512 KB, their bytes a function of their number) through the AWS SDK. An
 * acknowledged PUT must be there with its bytes; an object whose PUT the kill cut short is there whole or not at all.
 */
final class ObjectsWorkload implements CrashWorkload {
    static final String BUCKET = "chaos-objects";

    private final AtomicLong next = new AtomicLong();
    private final int perSecond;
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private boolean created;
    private S3Client s3;
    private Loop puts;

    /** @param perSecond PUTs a second at most; 0: as fast as they go (a soak at full speed writes 10 GB in 10 minutes) */
    ObjectsWorkload(int perSecond) {
        this.perSecond = perSecond;
    }

    @Override
    public String name() {
        return "objects";
    }

    static String key(long n) {
        return String.format("obj-%07d", n);
    }

    /** The bytes of object {@code n}: reproducible, so an object found after a kill can be checked byte for byte. */
    static byte[] content(long n) {
        Random random = new Random(n);
        byte[] bytes = new byte[1024 + random.nextInt(511 * 1024)];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void start(ChaosStack stack) throws Exception {
        s3 = S3Clients.awsSdk(stack.process());
        if (!created) {
            s3.createBucket(b -> b.bucket(BUCKET));
            created = true;
        }
        long begin = System.nanoTime();
        long first = next.get();
        puts = Loop.start("objects", () -> {
            long n = next.getAndIncrement();
            if (perSecond > 0) {
                long due = begin + (n - first) * 1_000_000_000L / perSecond;
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
            }
            s3.putObject(b -> b.bucket(BUCKET).key(key(n)), RequestBody.fromBytes(content(n)));
            acknowledged.add(n);
        });
    }

    @Override
    public void stop(Findings findings, long killedAt) throws InterruptedException {
        puts.stop(killedAt);
        findings.problemIfFailedWhileUp(puts);
        s3.close();
    }

    @Override
    public void reconcile(ChaosStack stack) {
        // an object's fate is read at the end
    }

    @Override
    public void verify(ChaosStack stack, Findings findings) throws Exception {
        long lost = 0;
        long corrupt = 0;
        try (S3Client client = S3Clients.awsSdk(stack.process())) {
            for (long n : acknowledged) {
                try {
                    byte[] read = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key(n))).asByteArray();
                    if (!Arrays.equals(read, content(n))) {
                        corrupt++;
                        findings.problem("S3: acknowledged object " + key(n) + " has other bytes (" + read.length + " bytes)");
                    }
                } catch (NoSuchKeyException e) {
                    lost++;
                    findings.problem("S3: acknowledged object " + key(n) + " is missing");
                }
            }
            long strangers = 0;
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
                if (!object.key().matches("obj-\\d{7}")) {
                    strangers++;
                    findings.problem("S3: the bucket lists " + object.key() + " (" + object.size() + " bytes), which no PUT wrote");
                    continue;
                }
                long n = Long.parseLong(object.key().substring(4));
                if (!acknowledged.contains(n)) {
                    byte[] read = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(object.key())).asByteArray();
                    if (!Arrays.equals(read, content(n))) {
                        corrupt++;
                        findings.problem("S3: " + object.key() + ", whose PUT the kill cut short, is there with " + read.length
                                + " bytes of " + content(n).length);
                    }
                }
            }
            findings.count("objects no PUT wrote", strangers, "");
        }
        findings.count("objects acknowledged", acknowledged.size(), "");
        findings.count("objects lost", lost, "");
        findings.count("objects corrupt", corrupt, "");
    }
}
