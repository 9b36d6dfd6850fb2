package dev.lakehouse.flows;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.Refused;
import dev.lakehouse.runtime.branch.Branches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lakehouse's orchestrator (the Airflow role): the flows from the flows directory and from Java, their schedules,
 * their runs and the history of every run and task attempt. {@code Flows.of(lakehouse)} hands it out; the
 * {@code lakehouse flow} commands and the API under /api/flows use it.
 */
public final class Flows implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Flows.class);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    /** The scheduler looks at the flows directory and the queue at least this often. */
    private static final Duration TICK = Duration.ofSeconds(1);

    /** A flow as the API shows it: its definition, whether it is paused, when it runs next, and its file's problem if any. */
    public record FlowStatus(Flow flow, boolean paused, Optional<Instant> nextRun, Optional<String> problem) {
    }

    /** A run with its task attempts. */
    public record RunDetail(FlowRun run, List<TaskAttempt> attempts) {
    }

    private final Lakehouse lakehouse;
    private final FlowStore store;
    private final FlowDirectory directory;
    private final TaskRunner runner;
    private final String mainBranch;
    private final Map<String, Flow> flows = new ConcurrentHashMap<>();
    private final Map<String, Flow> javaFlows = new ConcurrentHashMap<>();
    private final Map<Path, String> fileProblems = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextDue = new ConcurrentHashMap<>();
    private final Map<String, List<RunExecution>> active = new HashMap<>();
    private final ExecutorService tasks;
    private final ScheduledExecutorService timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread scheduler;
    private volatile boolean stopping;

    Flows(Lakehouse lakehouse, FlowStore store, Path directory, int taskThreads, String mainBranch) {
        this.lakehouse = lakehouse;
        this.store = store;
        this.mainBranch = mainBranch;
        this.runner = new TaskRunner(lakehouse, mainBranch);
        this.directory = new FlowDirectory(directory, new FlowDirectory.Listener() {
            @Override
            public void flowChanged(Flow flow) {
                if (javaFlows.containsKey(flow.name())) {
                    LOG.warn("flows: {} defines {}, which Java registered already: the file is ignored", flow.source(), flow.name());
                    return;
                }
                put(flow);
            }

            @Override
            public void flowRemoved(String name) {
                if (!javaFlows.containsKey(name) && flows.remove(name) != null) {
                    nextDue.remove(name);
                    LOG.info("flows: {} removed (its file is gone)", name);
                }
            }

            @Override
            public void fileFailed(Path file, FlowFileException problem) {
                fileProblems.put(file, problem.getMessage());
            }

            @Override
            public void fileFixed(Path file) {
                fileProblems.remove(file);
            }
        });
        this.tasks = Executors.newFixedThreadPool(taskThreads, Thread.ofPlatform().name("flow-task-", 0).daemon().factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("flow-timer").daemon().factory());
        this.scheduler = Thread.ofPlatform().name("flow-scheduler").daemon().unstarted(this::schedule);
    }

    /**
     * The flows of a running lakehouse.
     *
     * @throws IllegalStateException when it does not run the flows component
     */
    public static Flows of(Lakehouse lakehouse) {
        return lakehouse.service("flows").unwrap(Flows.class)
                .orElseThrow(() -> new IllegalStateException("the flows are not running in this lakehouse"));
    }

    /** Reads the flows directory, fails what a crash left running, and starts scheduling. */
    void start() throws SQLException {
        for (FlowRun run : store.failInterrupted(Instant.now(), "interrupted: the lakehouse stopped during the run")) {
            LOG.warn("flows: run {} of {} was running when the lakehouse stopped: marked failed (interrupted)", run.runId(), run.flow());
        }
        directory.poll();
        scheduler.start();
    }

    // --- the flows -------------------------------------------------------------------------------------------

    /** Adds (or replaces) a flow defined in Java; it runs as a file's would. */
    public void register(Flow flow) {
        javaFlows.put(flow.name(), flow);
        put(flow);
    }

    private void put(Flow flow) {
        Flow previous = flows.put(flow.name(), flow);
        try {
            store.paused(flow.name(), flow.pausedAtCreation());
        } catch (SQLException e) {
            LOG.warn("flows: cannot record {}", flow.name(), e);
        }
        if (previous == null || !previous.schedule().map(Schedule::toString).equals(flow.schedule().map(Schedule::toString))) {
            nextDue.remove(flow.name());
        }
        LOG.info("flows: {} {} ({})", previous == null ? "found" : "updated", flow.name(), flow.source());
        signal();
    }

    /** Every flow, by name, with its state; files that cannot be used are listed by {@link #problems()}. */
    public List<FlowStatus> list() throws SQLException {
        List<FlowStatus> statuses = new ArrayList<>();
        for (Flow flow : new TreeMap<>(flows).values()) {
            statuses.add(status(flow));
        }
        return statuses;
    }

    public FlowStatus flow(String name) throws SQLException {
        return status(require(name));
    }

    /** The flow files that cannot be used, by file, with what to fix. */
    public Map<Path, String> problems() {
        return new TreeMap<>(fileProblems);
    }

    private FlowStatus status(Flow flow) throws SQLException {
        boolean paused = store.paused(flow.name(), flow.pausedAtCreation());
        Optional<Instant> next = paused ? Optional.empty() : Optional.ofNullable(nextDue.get(flow.name()));
        Optional<String> problem = fileProblems.entrySet().stream().filter(e -> FlowFiles.flowName(e.getKey()).equals(flow.name()))
                .map(Map.Entry::getValue).findFirst();
        return new FlowStatus(flow, paused, next, problem);
    }

    private Flow require(String name) {
        Flow flow = flows.get(name);
        if (flow == null) {
            // a file written a moment ago: the scheduler's next look may not have come yet
            directory.poll();
            flow = flows.get(name);
        }
        if (flow == null) {
            throw Refused.notFound("there is no flow " + name + " ('lakehouse flow list' shows them"
                    + (fileProblems.isEmpty() ? "" : "; " + fileProblems.size() + " flow file(s) cannot be used") + ")");
        }
        return flow;
    }

    public void pause(String name) throws SQLException {
        require(name);
        store.setPaused(name, true);
        nextDue.remove(name);
    }

    public void unpause(String name) throws SQLException {
        require(name);
        store.setPaused(name, false);
        nextDue.remove(name);
        signal();
    }

    // --- runs ----------------------------------------------------------------------------------------------

    /**
     * Runs a flow now, by hand: with {@code logicalDate} for that date (its schedule's interval starting then), else
     * for now. A paused flow runs too: the user asked for it.
     *
     * @return the run, queued (it starts at once unless the flow's max-active-runs are running)
     */
    public FlowRun trigger(String name, Optional<Instant> logicalDate) throws SQLException {
        Flow flow = require(name);
        Instant now = Instant.now();
        Instant date = logicalDate.orElse(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Schedule.Interval interval = logicalDate.isPresent() && flow.schedule().isPresent()
                ? flow.schedule().get().intervalStartingAt(date) : new Schedule.Interval(date, date);
        String runId = "manual__" + (logicalDate.isPresent() ? date.toString() : now.toString());
        if (store.exists(name, runId)) {
            throw Refused.conflict(name + " has a run " + runId + " already");
        }
        FlowRun run = queue(flow, runId, "manual", interval);
        signal();
        return run;
    }

    /** One run per logical date of the flow's schedule from {@code from} to {@code to}, oldest first; dates already run successfully are skipped. */
    public List<FlowRun> backfill(String name, Instant from, Instant to) throws SQLException {
        Flow flow = require(name);
        Schedule schedule = flow.schedule().orElseThrow(() -> Refused.invalid(name + " has no schedule: a backfill runs the dates of a schedule"));
        if (to.isBefore(from)) {
            throw Refused.invalid("the backfill ends (" + to + ") before it starts (" + from + ")");
        }
        List<Instant> dates = schedule.logicalDatesBetween(from, to);
        if (dates.size() > 1000) {
            throw Refused.invalid("a backfill of " + dates.size() + " runs is more than 1,000: backfill a shorter range");
        }
        List<FlowRun> done = store.latestRuns(Optional.of(name), Integer.MAX_VALUE).stream()
                .filter(run -> run.state() == RunState.SUCCESS).toList();
        List<FlowRun> queued = new ArrayList<>();
        for (Instant date : dates) {
            if (done.stream().anyMatch(run -> run.logicalDate().equals(date))) {
                continue;
            }
            String runId = "backfill__" + date;
            if (!store.exists(name, runId)) {
                queued.add(queue(flow, runId, "backfill", schedule.intervalStartingAt(date)));
            }
        }
        signal();
        return queued;
    }

    public List<FlowRun> runs(Optional<String> flow, int limit) throws SQLException {
        return store.latestRuns(flow, limit);
    }

    public RunDetail run(String flow, String runId) throws SQLException {
        FlowRun run = store.run(flow, runId).orElseThrow(() -> Refused.notFound("flow " + flow + " has no run " + runId));
        return new RunDetail(run, store.attempts(flow, runId));
    }

    /** Waits until the run has ended (or the timeout passed) and returns it as it is then. */
    public FlowRun await(String flow, String runId, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            FlowRun run = store.run(flow, runId).orElseThrow(() -> Refused.notFound("flow " + flow + " has no run " + runId));
            if (run.state().finished() || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(200);
        }
    }

    /** Stops a run in progress: its running tasks are cancelled and it ends failed. */
    public void cancel(String flow, String runId, String reason) {
        synchronized (active) {
            active.getOrDefault(flow, List.of()).stream().filter(run -> run.parameters().runId().equals(runId))
                    .forEach(run -> run.cancel(reason));
        }
    }

    /** The branches runs left (failed runs on a branch of their own), oldest first. */
    public List<FlowRun> branches() throws SQLException {
        return store.runsWithBranches().stream().filter(run -> run.state().finished()).toList();
    }

    /** Deletes the branches failed runs left that ended before {@code endedBefore}; returns their runs. */
    public List<FlowRun> pruneBranches(Instant endedBefore) throws Exception {
        Branches branches = lakehouse.branches();
        List<FlowRun> pruned = new ArrayList<>();
        for (FlowRun run : branches()) {
            if (run.endedAt().map(end -> end.isBefore(endedBefore)).orElse(false)) {
                try {
                    branches.delete(run.branch().orElseThrow());
                } catch (Refused e) {
                    // deleted by hand already
                }
                store.forgetBranch(run.flow(), run.runId());
                pruned.add(run);
            }
        }
        return pruned;
    }

    private FlowRun queue(Flow flow, String runId, String runType, Schedule.Interval interval) throws SQLException {
        String branch = flow.branchPerRun() ? "flow-" + flow.name() + "-" + runType + "-" + COMPACT.format(interval.start())
                + (runType.equals("manual") ? "-" + COMPACT.format(Instant.now()) : "") : mainBranch;
        FlowRun run = new FlowRun(flow.name(), runId, runType, interval.start(), interval.start(), interval.end(), RunState.QUEUED,
                Instant.now(), Optional.empty(), Optional.empty(), flow.branchPerRun() ? Optional.of(branch) : Optional.empty(),
                Optional.empty(), Optional.empty());
        store.insert(run);
        LOG.info("flows: {} run {} queued", flow.name(), runId);
        return run;
    }

    // --- the scheduler -------------------------------------------------------------------------------------

    private void schedule() {
        long lastPoll = 0;
        while (!stopping) {
            try {
                if (System.nanoTime() - lastPoll > TICK.toNanos() * 2) {
                    directory.poll();
                    lastPoll = System.nanoTime();
                }
                Instant now = Instant.now();
                // every run due now is queued in one transaction: many flows on one schedule fall due together
                Instant wakeAt = store.inTransaction(() -> queueDueRuns(now));
                startQueued();
                sleepUntil(wakeAt);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("flows: the scheduler hit a problem; it goes on", e);
                try {
                    Thread.sleep(TICK.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Queues the scheduled runs due at {@code now}; returns when the next one falls due (a second from now at the latest). */
    private Instant queueDueRuns(Instant now) throws SQLException {
        Instant wakeAt = now.plus(TICK);
        for (Flow flow : flows.values()) {
            if (flow.schedule().isEmpty() || store.paused(flow.name(), flow.pausedAtCreation())) {
                continue;
            }
            Schedule schedule = flow.schedule().get();
            Instant due = nextDue.computeIfAbsent(flow.name(), name -> firstDue(flow, schedule, now));
            while (!due.isAfter(now)) {
                Schedule.Interval interval = schedule.intervalEndingAt(due);
                String runId = "scheduled__" + interval.start();
                if (!store.exists(flow.name(), runId)) {
                    queue(flow, runId, "scheduled", interval);
                }
                store.setLastScheduledEnd(flow.name(), due);
                due = schedule.nextAfter(due);
                nextDue.put(flow.name(), due);
            }
            if (due.isBefore(wakeAt)) {
                wakeAt = due;
            }
        }
        return wakeAt;
    }

    /** Where a flow's schedule picks up: after the last run it scheduled when it catches up, else at its next fire time from now. */
    private Instant firstDue(Flow flow, Schedule schedule, Instant now) {
        Optional<Instant> last;
        try {
            last = store.lastScheduledEnd(flow.name());
        } catch (SQLException e) {
            last = Optional.empty();
        }
        if (flow.catchup() && last.isPresent()) {
            return schedule.nextAfter(last.get());
        }
        return schedule.nextAfter(last.filter(end -> end.isAfter(now)).orElse(now));
    }

    /** Starts queued runs, oldest logical date first, as far as each flow's max-active-runs allows. */
    private void startQueued() throws SQLException {
        List<FlowRun> queued = new ArrayList<>(store.runsIn(RunState.QUEUED));
        queued.sort(Comparator.comparing(FlowRun::logicalDate).thenComparing(FlowRun::queuedAt));
        List<RunExecution> starting = new ArrayList<>();
        for (FlowRun run : queued) {
            Flow flow = flows.get(run.flow());
            if (flow == null) {
                continue; // its file is gone or broken: it waits for it
            }
            synchronized (active) {
                List<RunExecution> running = active.computeIfAbsent(flow.name(), name -> new ArrayList<>());
                if (running.size() >= flow.maxActiveRuns() || stopping) {
                    continue;
                }
                RunParameters parameters = new RunParameters(flow.name(), run.runId(), run.runType(), run.logicalDate(), run.intervalStart(),
                        run.intervalEnd(), run.branch().orElse(mainBranch));
                RunExecution execution = new RunExecution(flow, parameters, store, runner, lakehouse.branches(), mainBranch, tasks, timer,
                        this::ended);
                running.add(execution);
                starting.add(execution);
            }
        }
        if (!starting.isEmpty()) {
            store.inTransaction(() -> {
                for (RunExecution execution : starting) {
                    execution.recordStarted();
                }
                return null;
            });
            starting.forEach(RunExecution::start);
        }
    }

    private void ended(RunExecution execution) {
        synchronized (active) {
            active.getOrDefault(execution.flow().name(), new ArrayList<>()).remove(execution);
        }
        signal();
    }

    private void sleepUntil(Instant wakeAt) throws InterruptedException {
        lock.lock();
        try {
            long nanos = Duration.between(Instant.now(), wakeAt).toNanos();
            if (nanos > 0) {
                wake.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reads the flows directory now (tests, and the API's list after a file was written). */
    public void rescan() {
        directory.poll();
        signal();
    }

    public Path directory() {
        return directory.directory();
    }

    /** How many runs are running now. */
    public int activeRuns() {
        synchronized (active) {
            return active.values().stream().mapToInt(List::size).sum();
        }
    }

    /** Stops scheduling; runs in progress are cancelled and end failed (the next start would mark them so anyway). */
    @Override
    public void close() {
        stopping = true;
        scheduler.interrupt();
        List<RunExecution> running;
        synchronized (active) {
            running = active.values().stream().flatMap(List::stream).toList();
        }
        running.forEach(run -> run.cancel("interrupted: the lakehouse stopped during the run"));
        tasks.shutdown();
        try {
            if (!tasks.awaitTermination(30, TimeUnit.SECONDS)) {
                tasks.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        try {
            scheduler.join(5000);
            store.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("flows: closing the history failed", e);
        }
    }
}
