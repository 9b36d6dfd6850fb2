package dev.lakehouse.client.cli;

import dev.lakehouse.client.LakehouseClient;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while the lakehouse works for this command (a query, a pipeline run, a producer): ask the lakehouse to
 * stop that work, then let the command print how it ended before the process exits. Without it, the work would
 * go on inside the lakehouse after the client has gone.
 */
public final class CancelOnInterrupt implements AutoCloseable {
    private static final long GRACE_SECONDS = 30;

    private final String operationId = UUID.randomUUID().toString();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean interrupted;

    public CancelOnInterrupt(LakehouseClient client) {
        hook = new Thread(() -> {
            interrupted = true;
            client.cancel(operationId);
            try {
                // the command's thread reads the stream to its end and prints the outcome
                ended.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lakehouse-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The id the lakehouse knows the work by. */
    public String operationId() {
        return operationId;
    }

    /** Whether the user pressed Ctrl-C. */
    public boolean interrupted() {
        return interrupted;
    }

    @Override
    public void close() {
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down because of Ctrl-C: the hook is waiting for exactly this
        }
    }
}
