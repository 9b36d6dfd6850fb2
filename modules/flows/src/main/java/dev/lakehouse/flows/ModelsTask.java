package dev.lakehouse.flows;

import dev.lakehouse.flows.TaskRunner.TaskFailedException;
import dev.lakehouse.models.Cancellation;
import dev.lakehouse.models.Models;
import dev.lakehouse.models.ModelsOptions;
import dev.lakehouse.models.ModelsResult;
import dev.lakehouse.runtime.Lakehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A models task: the dbt project is built by the lakehouse's models module on the run's branch, with dbt's output as
 * the task's log. A run on a branch of its own is not published here: the flow merges its branch when every task
 * has succeeded, models and the rest in one commit (the views built are pointed at main's catalog just before).
 */
final class ModelsTask {
    private final Models models;
    private final String defaultBranch;

    ModelsTask(Lakehouse lakehouse, String defaultBranch) {
        this.models = new Models(lakehouse);
        this.defaultBranch = defaultBranch;
    }

    void run(TaskAction.Models action, RunParameters run, TaskRunner.Attempt handle) throws Exception {
        Path project = Path.of(action.project());
        if (!Files.isRegularFile(project.resolve("dbt_project.yml"))) {
            throw new TaskFailedException("no dbt project at " + project + " (the folder with dbt_project.yml)");
        }
        ModelsOptions options;
        try {
            options = options(action, Templates.render(action.arguments(), run), run);
        } catch (IllegalArgumentException e) {
            throw new TaskFailedException(e.getMessage());
        }
        Cancellation cancellation = new Cancellation();
        handle.onCancel(cancellation::cancel);
        ModelsResult result = models.run(project, options, handle::log, cancellation);
        if (result.cancelled()) {
            throw new InterruptedException("the models run was stopped");
        }
        if (!result.success()) {
            throw new TaskFailedException("models " + options.command().label() + " of " + project.getFileName() + ": " + result.message());
        }
        // a view remembers the branch's catalog it was built in: main's copy must name main's
        ModelsOptions built = options;
        handle.beforeMerge(() -> models.readyForMain(project, built));
    }

    private ModelsOptions options(TaskAction.Models action, Map<String, String> arguments, RunParameters run) {
        ModelsOptions options = ModelsOptions.of(ModelsOptions.Command.of(action.command()))
                .withVars(ModelsOptions.parseVars(arguments.get("vars")))
                .withFullRefresh(Boolean.parseBoolean(arguments.getOrDefault("full-refresh", "false")));
        if (arguments.containsKey("select")) {
            options = options.withSelect(arguments.get("select"));
        }
        if (arguments.containsKey("exclude")) {
            options = options.withExclude(arguments.get("exclude"));
        }
        if (arguments.containsKey("engine")) {
            options = options.withEngine(ModelsOptions.Engine.of(arguments.get("engine")));
        }
        if (arguments.containsKey("schema")) {
            options = options.withSchema(arguments.get("schema"));
        }
        return run.branch().equals(defaultBranch) ? options : options.withBranch(run.branch(), false);
    }
}
