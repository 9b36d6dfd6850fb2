package dev.lakehouse.flows;

import dev.lakehouse.runtime.ErrorText;
import dev.lakehouse.runtime.branch.Branches;
import dev.lakehouse.spark.pipeline.NessieBranches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of a flow, from start to end: the tasks whose upstream all succeeded run (at once, on the flows' task
 * threads), a failed attempt is tried again after a delay that doubles, a task that fails for good makes every task
 * after it upstream_failed, and the run ends when nothing can run any more: success when every task succeeded. A run
 * on a branch of its own creates the branch first and merges it into main only on success, in one commit; a failed
 * run leaves main as it was and keeps its branch.
 */
final class RunExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final int LOG_LINES = 200;

    private final Flow flow;
    private final RunParameters parameters;
    private final FlowStore store;
    private final TaskRunner runner;
    private final Branches branches;
    private final String mainBranch;
    private final ExecutorService tasks;
    private final ScheduledExecutorService timer;
    private final Consumer<RunExecution> ended;

    /** null: not scheduled yet. */
    private final Map<String, TaskState> states = new LinkedHashMap<>();
    private final Map<String, Runnable> cancels = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> pendingRetries = new HashMap<>();
    private final List<TaskRunner.MergeStep> beforeMerge = new CopyOnWriteArrayList<>();
    private String cancelledBecause;
    private boolean finished;

    RunExecution(Flow flow, RunParameters parameters, FlowStore store, TaskRunner runner, Branches branches, String mainBranch,
                 ExecutorService tasks, ScheduledExecutorService timer, Consumer<RunExecution> ended) {
        this.flow = flow;
        this.parameters = parameters;
        this.store = store;
        this.runner = runner;
        this.branches = branches;
        this.mainBranch = mainBranch;
        this.tasks = tasks;
        this.timer = timer;
        this.ended = ended;
        flow.tasks().keySet().forEach(task -> states.put(task, null));
    }

    Flow flow() {
        return flow;
    }

    RunParameters parameters() {
        return parameters;
    }

    /** Records that the run has started (done for a burst of runs in one transaction, before {@link #start()}). */
    void recordStarted() throws SQLException {
        store.started(flow.name(), parameters.runId(), Instant.now(), flow.branchPerRun() ? Optional.of(parameters.branch()) : Optional.empty());
    }

    /** Starts the run, recorded as started: its branch first when it has one, then every task with nothing to wait for. */
    void start() {
        Optional<String> branch = flow.branchPerRun() ? Optional.of(parameters.branch()) : Optional.empty();
        try {
            if (branch.isPresent()) {
                branches.create(branch.get(), mainBranch);
            }
        } catch (Exception e) {
            LOG.warn("flow {} run {} could not start", flow.name(), parameters.runId(), e);
            synchronized (this) {
                cancelledBecause = "the run could not start: " + ErrorText.firstLine(e);
                flow.tasks().keySet().forEach(task -> states.put(task, TaskState.UPSTREAM_FAILED));
            }
            finish();
            return;
        }
        LOG.info("flow {} run {} started{}", flow.name(), parameters.runId(), branch.map(b -> " on branch " + b).orElse(""));
        synchronized (this) {
            scheduleReady();
        }
        finishIfDone();
    }

    /** Stops the run: running attempts are cancelled, nothing more starts, and the run ends failed with the reason. */
    void cancel(String reason) {
        List<Runnable> toCancel;
        synchronized (this) {
            if (finished || cancelledBecause != null) {
                return;
            }
            cancelledBecause = reason;
            pendingRetries.values().forEach(retry -> retry.cancel(false));
            pendingRetries.keySet().forEach(task -> states.put(task, TaskState.FAILED));
            pendingRetries.clear();
            toCancel = List.copyOf(cancels.values());
        }
        toCancel.forEach(Runnable::run);
        finishIfDone();
    }

    /** Tasks whose upstream all succeeded, not yet scheduled: schedule them. Holds the lock. */
    private void scheduleReady() {
        if (cancelledBecause != null) {
            return;
        }
        for (Task task : flow.tasks().values()) {
            if (states.get(task.name()) == null && task.after().stream().allMatch(up -> states.get(up) == TaskState.SUCCESS)) {
                states.put(task.name(), TaskState.SCHEDULED);
                submit(task, 1);
            }
        }
    }

    private void submit(Task task, int attempt) {
        tasks.submit(() -> execute(task, attempt));
    }

    private void execute(Task task, int attemptNumber) {
        Deque<String> log = new ArrayDeque<>();
        Instant startedAt = Instant.now();
        boolean[] timedOut = {false};
        ScheduledFuture<?> timeout = null;
        synchronized (this) {
            if (cancelledBecause != null) {
                states.put(task.name(), TaskState.FAILED);
                record(task, attemptNumber, TaskState.FAILED, Optional.of(cancelledBecause), log, Optional.empty());
                finishIfDoneLater();
                return;
            }
            states.put(task.name(), TaskState.RUNNING);
        }
        try {
            store.attemptStarted(flow.name(), parameters.runId(), task.name(), attemptNumber, startedAt);
        } catch (SQLException e) {
            LOG.warn("flow {}: cannot record attempt {} of {}", flow.name(), attemptNumber, task.name(), e);
        }
        // the commit a task made is told on a run's own branch; on main, others commit too (and asking Nessie costs a call)
        String headBefore = flow.branchPerRun() ? head().orElse("") : "";
        Optional<String> failure;
        try {
            TaskRunner.Attempt handle = new TaskRunner.Attempt() {
                @Override
                public void onCancel(Runnable cancel) {
                    synchronized (RunExecution.this) {
                        cancels.put(task.name(), cancel);
                        if (cancelledBecause != null) {
                            cancel.run();
                        }
                    }
                }

                @Override
                public void beforeMerge(TaskRunner.MergeStep step) {
                    beforeMerge.add(step);
                }

                @Override
                public void log(String line) {
                    synchronized (log) {
                        log.addLast(line);
                        if (log.size() > LOG_LINES) {
                            log.removeFirst();
                        }
                    }
                }
            };
            Thread worker = Thread.currentThread();
            synchronized (this) {
                cancels.put(task.name(), worker::interrupt);
            }
            if (task.timeout().isPresent()) {
                timeout = timer.schedule(() -> {
                    timedOut[0] = true;
                    Runnable cancel;
                    synchronized (this) {
                        cancel = cancels.get(task.name());
                    }
                    if (cancel != null) {
                        cancel.run();
                    }
                    worker.interrupt();
                }, task.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
            }
            runner.run(task, parameters, attemptNumber, handle);
            failure = timedOut[0] ? Optional.of(timedOutMessage(task)) : Optional.empty();
        } catch (InterruptedException e) {
            failure = Optional.of(timedOut[0] ? timedOutMessage(task) : cancelledBecause != null ? cancelledBecause : "interrupted");
        } catch (TaskRunner.TaskFailedException e) {
            failure = Optional.of(timedOut[0] ? timedOutMessage(task) : e.getMessage());
        } catch (Throwable e) {
            // a task's failure is the task's, not the lakehouse's: the log file has the whole story, the history its first line
            LOG.info("flow {} run {}: task {} attempt {} failed", flow.name(), parameters.runId(), task.name(), attemptNumber, e);
            failure = Optional.of(timedOut[0] ? timedOutMessage(task) : ErrorText.firstLine(e));
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            Thread.interrupted(); // a cancel that came late must not reach the pool's next task
        }
        synchronized (this) {
            cancels.remove(task.name());
            if (failure.isEmpty()) {
                Optional<String> head = flow.branchPerRun() ? head().filter(hash -> !hash.equals(headBefore)) : Optional.empty();
                states.put(task.name(), TaskState.SUCCESS);
                record(task, attemptNumber, TaskState.SUCCESS, Optional.empty(), log, head);
                scheduleReady();
            } else if (attemptNumber <= task.retries() && cancelledBecause == null) {
                states.put(task.name(), TaskState.UP_FOR_RETRY);
                record(task, attemptNumber, TaskState.UP_FOR_RETRY, failure, log, Optional.empty());
                Duration delay = task.delayBefore(attemptNumber + 1);
                LOG.info("flow {} run {}: {} failed ({}); attempt {} in {}", flow.name(), parameters.runId(), task.name(), failure.get(),
                        attemptNumber + 1, delay);
                pendingRetries.put(task.name(), timer.schedule(() -> {
                    synchronized (this) {
                        pendingRetries.remove(task.name());
                        states.put(task.name(), TaskState.SCHEDULED);
                    }
                    submit(task, attemptNumber + 1);
                }, delay.toMillis(), TimeUnit.MILLISECONDS));
            } else {
                states.put(task.name(), TaskState.FAILED);
                record(task, attemptNumber, TaskState.FAILED, failure, log, Optional.empty());
                upstreamFailed(task.name());
            }
        }
        finishIfDone();
    }

    private static String timedOutMessage(Task task) {
        return "timed out after " + task.timeout().map(RunExecution::describe).orElse("?");
    }

    /** Every task after a failed one never runs. Holds the lock. */
    private void upstreamFailed(String failed) {
        for (String downstream : flow.downstream(failed)) {
            if (states.get(downstream) == null) {
                states.put(downstream, TaskState.UPSTREAM_FAILED);
                try {
                    store.skipped(flow.name(), parameters.runId(), downstream, TaskState.UPSTREAM_FAILED, Instant.now());
                } catch (SQLException e) {
                    LOG.warn("flow {}: cannot record {} upstream_failed", flow.name(), downstream, e);
                }
                upstreamFailed(downstream);
            }
        }
    }

    private void record(Task task, int attempt, TaskState state, Optional<String> error, Deque<String> log, Optional<String> commit) {
        String text;
        synchronized (log) {
            text = String.join("\n", log);
        }
        try {
            store.attemptEnded(flow.name(), parameters.runId(), task.name(), attempt, state, Instant.now(), error, text, commit);
        } catch (SQLException e) {
            LOG.warn("flow {}: cannot record attempt {} of {}", flow.name(), attempt, task.name(), e);
        }
    }

    private void finishIfDoneLater() {
        timer.execute(this::finishIfDone);
    }

    private void finishIfDone() {
        synchronized (this) {
            if (finished) {
                return;
            }
            boolean busy = states.values().stream().anyMatch(state -> state == TaskState.SCHEDULED || state == TaskState.RUNNING
                    || state == TaskState.UP_FOR_RETRY);
            boolean blocked = states.values().stream().anyMatch(state -> state == null) && cancelledBecause == null;
            if (busy || blocked) {
                return;
            }
            // tasks that never got to run because the run was cancelled
            states.replaceAll((task, state) -> state == null ? TaskState.UPSTREAM_FAILED : state);
        }
        finish();
    }

    private void finish() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        boolean success = cancelledBecause == null && states.values().stream().allMatch(state -> state == TaskState.SUCCESS);
        Optional<String> error = Optional.ofNullable(cancelledBecause);
        Optional<String> mergeCommit = Optional.empty();
        if (!success && error.isEmpty()) {
            List<String> failed = states.entrySet().stream().filter(e -> e.getValue() == TaskState.FAILED).map(Map.Entry::getKey).toList();
            error = Optional.of("failed: " + String.join(", ", failed));
        }
        if (success && flow.branchPerRun()) {
            try {
                for (TaskRunner.MergeStep step : beforeMerge) {
                    step.run();
                }
                NessieBranches.Merge merge = branches.merge(parameters.branch(), mainBranch, "flows");
                mergeCommit = Optional.of(merge.head());
                branches.delete(parameters.branch());
            } catch (Exception e) {
                success = false;
                error = Optional.of("every task succeeded, but merging " + parameters.branch() + " into " + mainBranch + " failed: "
                        + ErrorText.firstLine(e));
            }
        }
        RunState state = success ? RunState.SUCCESS : RunState.FAILED;
        try {
            store.ended(flow.name(), parameters.runId(), state, Instant.now(), mergeCommit, error);
            if (success && flow.branchPerRun()) {
                store.forgetBranch(flow.name(), parameters.runId());
            }
        } catch (SQLException e) {
            LOG.warn("flow {}: cannot record the end of run {}", flow.name(), parameters.runId(), e);
        }
        LOG.info("flow {} run {}: {}{}", flow.name(), parameters.runId(), state.label(), error.map(e -> " (" + e + ")").orElse(""));
        ended.accept(this);
    }

    /** The head of the branch the run writes on, to tell the commit a task made. */
    private Optional<String> head() {
        try {
            return branches.list().stream().filter(reference -> reference.name().equals(parameters.branch()))
                    .map(NessieBranches.Reference::hash).findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
