package dev.lakehouse.flows;

import dev.lakehouse.client.cli.sql.StatementSplitter;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.pipeline.PipelineRun;
import dev.lakehouse.runtime.sql.ResultSink;
import dev.lakehouse.runtime.sql.SqlSession;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one attempt of a task inside the lakehouse, on the calling thread: a pipeline on its Spark, SQL on its Trino
 * or Spark, a {@link FlowTask}, a models project. Returns when the attempt succeeded; throws when it failed. A run on a
 * branch of its own has its pipelines and SQL write there.
 */
final class TaskRunner {
    /** How an attempt in progress is stopped early (a timeout, the run cancelled): set by the attempt as it starts its work. */
    interface Attempt {
        void onCancel(Runnable cancel);

        void log(String line);

        /**
         * Runs {@code step} just before the run's branch is merged into main (a run on a branch of its own, every task
         * succeeded); a step that throws fails the run and keeps main as it was.
         */
        void beforeMerge(MergeStep step);
    }

    /** Work that makes a run's branch ready for main. */
    @FunctionalInterface
    interface MergeStep {
        void run() throws Exception;
    }

    private final Lakehouse lakehouse;
    private final String defaultBranch;
    private final ModelsTask models;

    TaskRunner(Lakehouse lakehouse, String defaultBranch) {
        this.lakehouse = lakehouse;
        this.defaultBranch = defaultBranch;
        this.models = new ModelsTask(lakehouse, defaultBranch);
    }

    void run(Task task, RunParameters run, int attempt, Attempt handle) throws Exception {
        switch (task.action()) {
            case TaskAction.Pipeline pipeline -> pipeline(pipeline, run, handle);
            case TaskAction.Sql sql -> sql(sql, run, handle);
            case TaskAction.Java java -> java(java, task, run, attempt, handle);
            case TaskAction.Models project -> models.run(project, run, handle);
        }
    }

    private void pipeline(TaskAction.Pipeline action, RunParameters run, Attempt handle) throws Exception {
        Optional<String> branch = run.branch().equals(defaultBranch) ? Optional.empty() : Optional.of(run.branch());
        PipelineRun pipelineRun;
        try {
            pipelineRun = lakehouse.pipelines().start(action.pipeline(), action.untilIdle(), Templates.render(action.options(), run), branch, handle::log);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new TaskFailedException(e.getMessage());
        }
        handle.onCancel(pipelineRun::cancel);
        PipelineRun.Outcome outcome = pipelineRun.await();
        switch (outcome.status()) {
            case SUCCEEDED -> handle.log(action.pipeline() + " done in " + outcome.took().toMillis() / 1000.0 + " s");
            case AUDIT_FAILED -> {
                outcome.auditFailures().forEach(handle::log);
                throw new TaskFailedException("the audit failed (" + outcome.auditFailures().size() + " checks); its data stays on branch "
                        + outcome.auditBranch().orElse("?"));
            }
            case CANCELLED -> throw new InterruptedException("the pipeline was stopped");
            default -> throw new TaskFailedException(outcome.message());
        }
    }

    private void sql(TaskAction.Sql action, RunParameters run, Attempt handle) throws Exception {
        String catalog = run.branch().equals(defaultBranch) ? null
                : action.engine().equals("trino") ? "iceberg_" + run.branch().toLowerCase(Locale.ROOT) : "lakehouse_" + run.branch();
        String sessionId = "flow-" + UUID.randomUUID();
        SqlSession session;
        try {
            session = lakehouse.sql().session(sessionId, action.engine(), "flows", catalog);
        } catch (IllegalStateException e) {
            throw new TaskFailedException(e.getMessage());
        }
        handle.onCancel(session::cancel);
        try {
            for (String statement : StatementSplitter.split(Templates.render(action.statements(), run))) {
                AtomicLong rows = new AtomicLong();
                OptionalLong[] changed = {OptionalLong.empty()};
                try {
                    session.execute(statement, new ResultSink() {
                        @Override
                        public void columns(List<Column> columns) {
                        }

                        @Override
                        public void row(List<Object> values) {
                            if (rows.incrementAndGet() <= 5) {
                                handle.log("  " + values);
                            }
                        }

                        @Override
                        public void done(OptionalLong updateCount) {
                            changed[0] = updateCount;
                        }
                    });
                } catch (Exception e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("the statement was cancelled");
                    }
                    throw new TaskFailedException(action.engine() + " rejected " + firstLine(statement) + ": "
                            + dev.lakehouse.runtime.ErrorText.firstLine(e));
                }
                handle.log(firstLine(statement) + ": " + (changed[0].isPresent() ? changed[0].getAsLong() + " rows changed" : rows.get() + " rows"));
            }
        } finally {
            lakehouse.sql().close(sessionId);
        }
    }

    private void java(TaskAction.Java action, Task task, RunParameters run, int attempt, Attempt handle) throws Exception {
        FlowTask instance;
        try {
            Class<?> type = Class.forName(action.className(), true, taskClassLoader());
            if (!FlowTask.class.isAssignableFrom(type)) {
                throw new TaskFailedException(action.className() + " does not implement " + FlowTask.class.getName());
            }
            instance = (FlowTask) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new TaskFailedException("no class " + action.className() + " on the lakehouse's class path");
        } catch (NoSuchMethodException e) {
            throw new TaskFailedException(action.className() + " needs a public constructor without arguments");
        } catch (InvocationTargetException e) {
            throw new TaskFailedException(action.className() + "'s constructor failed: " + e.getCause());
        }
        Thread worker = Thread.currentThread();
        handle.onCancel(worker::interrupt);
        instance.run(new TaskContext(run, task.name(), attempt, Templates.render(action.parameters(), run), lakehouse, handle::log));
    }

    /** The application's class path (where a user's task classes are), whatever the pool thread's context loader is. */
    private static ClassLoader taskClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : TaskRunner.class.getClassLoader();
    }

    private static String firstLine(String statement) {
        String line = statement.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }

    /** An attempt failed for a reason said in one line (no stack trace in the history). */
    static final class TaskFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        TaskFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
