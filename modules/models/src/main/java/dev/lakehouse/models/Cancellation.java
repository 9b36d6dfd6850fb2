package dev.lakehouse.models;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stops a run from another thread (the client's Ctrl-C, a flow's timeout): the statement running is cancelled,
 * nothing after it starts, the run ends with what it did so far.
 */
public final class Cancellation {
    private volatile boolean cancelled;
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void cancel() {
        cancelled = true;
        listeners.forEach(Runnable::run);
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Runs {@code onCancel} when the run is cancelled (at once if it is already). */
    public void onCancel(Runnable onCancel) {
        listeners.add(onCancel);
        if (cancelled) {
            onCancel.run();
        }
    }
}
