package dev.lakehouse.app.chaos;

/**
 * Client work that goes on while the lakehouse may be killed at any moment, remembering what the lakehouse
 * acknowledged: at the end, everything acknowledged must be there exactly once, and anything else at most once.
 */
interface CrashWorkload {
    String name();

    /** Begins the work in threads of its own (what it needs is made the first time). */
    void start(ChaosStack stack) throws Exception;

    /** Ends the work's threads: called after the kill, so their calls are failing; a step that failed while the lakehouse was up (before {@code killedAt}, a System.nanoTime()) is a problem. */
    void stop(Findings findings, long killedAt) throws InterruptedException;

    /** After a restart: finds out whether what was in flight at the kill took effect. */
    void reconcile(ChaosStack stack) throws Exception;

    /** At the end, on a running lakehouse: counts what was acknowledged, lost, duplicated. */
    void verify(ChaosStack stack, Findings findings) throws Exception;
}
