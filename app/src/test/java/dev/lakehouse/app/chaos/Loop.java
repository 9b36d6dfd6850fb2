package dev.lakehouse.app.chaos;

/**
 * A thread that repeats one step until it is stopped or a step fails (the lakehouse was killed, most likely):
 * a failed step ends the loop, so what was in flight stays known until the next start settles it.
 */
final class Loop {
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final Thread thread;
    private volatile boolean stopped;
    private volatile Exception failure;
    private volatile long failedAt;
    private volatile long stoppedAt;

    private Loop(String name, Step step) {
        this.thread = Thread.ofPlatform().daemon().name("chaos-" + name).unstarted(() -> {
            while (!stopped) {
                try {
                    step.run();
                } catch (Exception e) {
                    failedAt = System.nanoTime();
                    failure = e;
                    return;
                }
            }
        });
    }

    static Loop start(String name, Step step) {
        Loop loop = new Loop(name, step);
        loop.thread.start();
        return loop;
    }

    /**
     * Asks the loop to end after its step and waits two seconds. A step still blocked then (a client retrying a lakehouse
     * that was killed, which it never reaches again: each start has new ports) is interrupted and left to end alone;
     * what it had in flight stays in flight, to be settled against the next start. {@code killedAt}: when the
     * lakehouse went away (System.nanoTime()), or now when it did not.
     */
    void stop(long killedAt) throws InterruptedException {
        stoppedAt = killedAt;
        stopped = true;
        thread.join(2_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Why the loop ended early, if it did. */
    Exception failure() {
        return failure;
    }

    /**
     * A failure that came well before the loop was stopped (the kill): the lakehouse was up and still refused the
     * step, which is a fault, where a step failing at the kill is the experiment.
     */
    String failureWhileUp() {
        Exception e = failure;
        if (e == null || stoppedAt - failedAt < 3_000_000_000L) {
            return null;
        }
        return thread.getName() + " failed " + (stoppedAt - failedAt) / 1_000_000_000 + " s before it was stopped: " + e;
    }
}
