package dev.lakehouse.app.chaos;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The medallion pipeline with write-audit-publish, run again and again inside the lakehouse: a kill in the middle
 * of a run must leave main as it was (the run's branch may stay), and the next run must succeed.
 */
final class MedallionWorkload implements CrashWorkload {
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private Loop runs;

    @Override
    public String name() {
        return "medallion";
    }

    @Override
    public void start(ChaosStack stack) {
        runs = Loop.start("medallion", () -> outcomes.add(stack.api().runPipeline("medallion", false, Map.of(), line -> { })));
    }

    @Override
    public void stop(Findings findings, long killedAt) throws InterruptedException {
        runs.stop(killedAt);
        findings.problemIfFailedWhileUp(runs);
    }

    @Override
    public void reconcile(ChaosStack stack) {
        // a run cut short by the kill left its branch at most; main moves only when a run publishes
    }

    /** A run started before the workload stopped may still go on (nothing killed it): the check's run waits for it. */
    private static String runAfterTheOneGoingOn(ChaosStack stack, List<String> lines) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
        while (true) {
            try {
                return stack.api().runPipeline("medallion", false, Map.of(), lines::add);
            } catch (ControlApiClient.StatementFailed e) {
                if (!e.getMessage().contains("running already") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5_000);
            }
        }
    }

    @Override
    public void verify(ChaosStack stack, Findings findings) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        String last = runAfterTheOneGoingOn(stack, lines);
        findings.count("medallion runs completed between kills", outcomes.stream().filter(status -> status.equals("SUCCEEDED")).count(), "");
        long failed = outcomes.stream().filter(status -> !status.equals("SUCCEEDED")).count();
        findings.count("medallion runs failed between kills", failed, "");
        if (failed > 0) {
            findings.problem("medallion runs that ended but did not succeed: " + outcomes);
        }
        if (!last.equals("SUCCEEDED")) {
            findings.problem("the medallion run after the last restart ended " + last + ": " + lines.stream().skip(Math.max(0, lines.size() - 5)).toList());
        }
    }
}
