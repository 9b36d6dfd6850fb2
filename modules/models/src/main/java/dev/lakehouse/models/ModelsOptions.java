package dev.lakehouse.models;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run does, as dbt's command line says it: the command, selectors, the engine, the schema, the branch.
 *
 * @param command     build, run, test, seed, compile or ls
 * @param select      --select specs (each a space-separated union as dbt reads them); empty: everything
 * @param exclude     --exclude specs
 * @param engine      trino (the default) or spark
 * @param schema      --schema: the default schema models go to; null: the project's name
 * @param branch      --branch: build on this Nessie branch (made from main when missing); null: on main
 * @param publish     --publish: merge the branch into main when every model and test passed
 * @param fullRefresh --full-refresh: rebuild incremental models from scratch
 * @param vars        --vars
 * @param target      target.name in templates ("dev" unless given)
 * @param user        who the run is for (the author of the publish commit)
 */
public record ModelsOptions(Command command, List<String> select, List<String> exclude, Engine engine, String schema,
                            String branch, boolean publish, boolean fullRefresh, Map<String, Object> vars, String target,
                            String user) {
    /** dbt's commands. */
    public enum Command {
        BUILD, RUN, TEST, SEED, COMPILE, LS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Command of(String name) {
            for (Command command : values()) {
                if (command.label().equals(name.toLowerCase(Locale.ROOT)) || (command == LS && name.equalsIgnoreCase("list"))) {
                    return command;
                }
            }
            throw new IllegalArgumentException("unknown command '" + name + "': build, run, test, seed, compile or ls");
        }
    }

    /** The engine models are built on. */
    public enum Engine {
        TRINO, SPARK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Engine of(String name) {
            for (Engine engine : values()) {
                if (engine.label().equals(name.toLowerCase(Locale.ROOT))) {
                    return engine;
                }
            }
            throw new IllegalArgumentException("unknown engine '" + name + "': trino or spark");
        }
    }

    public ModelsOptions {
        if (command == null) {
            throw new IllegalArgumentException("a run needs a command");
        }
        select = select == null ? List.of() : List.copyOf(select);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        engine = engine == null ? Engine.TRINO : engine;
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        target = target == null || target.isBlank() ? "dev" : target;
        user = user == null || user.isBlank() ? System.getProperty("user.name", "lakehouse") : user;
        if (publish && (branch == null || branch.isBlank())) {
            throw new IllegalArgumentException("--publish merges a branch into main: give the branch with --branch");
        }
        if (branch != null && branch.equals("main")) {
            if (publish) {
                throw new IllegalArgumentException("--branch main --publish: main is what a branch is published to; build on another branch");
            }
            branch = null;
        }
        if (branch != null && branch.isBlank()) {
            branch = null;
        }
    }

    /** The options of a plain run of {@code command}: everything, on Trino, on main. */
    public static ModelsOptions of(Command command) {
        return new ModelsOptions(command, List.of(), List.of(), Engine.TRINO, null, null, false, false, Map.of(), null, null);
    }

    /**
     * dbt's {@code --vars}: a YAML mapping, e.g. {@code {start_date: 2024-01-01}}; blank: none.
     *
     * @throws IllegalArgumentException when it is not YAML or not a mapping
     */
    public static Map<String, Object> parseVars(String yaml) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (yaml == null || yaml.isBlank()) {
            return vars;
        }
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--vars is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("--vars must be a YAML mapping, e.g. --vars '{start_date: 2024-01-01}'");
        }
        map.forEach((key, value) -> vars.put(String.valueOf(key), value));
        return vars;
    }

    public ModelsOptions withSelect(String... specs) {
        return new ModelsOptions(command, List.of(specs), exclude, engine, schema, branch, publish, fullRefresh, vars, target, user);
    }

    public ModelsOptions withExclude(String... specs) {
        return new ModelsOptions(command, select, List.of(specs), engine, schema, branch, publish, fullRefresh, vars, target, user);
    }

    public ModelsOptions withEngine(Engine newEngine) {
        return new ModelsOptions(command, select, exclude, newEngine, schema, branch, publish, fullRefresh, vars, target, user);
    }

    public ModelsOptions withSchema(String newSchema) {
        return new ModelsOptions(command, select, exclude, engine, newSchema, branch, publish, fullRefresh, vars, target, user);
    }

    public ModelsOptions withBranch(String newBranch, boolean newPublish) {
        return new ModelsOptions(command, select, exclude, engine, schema, newBranch, newPublish, fullRefresh, vars, target, user);
    }

    public ModelsOptions withFullRefresh(boolean newFullRefresh) {
        return new ModelsOptions(command, select, exclude, engine, schema, branch, publish, newFullRefresh, vars, target, user);
    }

    public ModelsOptions withVars(Map<String, Object> newVars) {
        return new ModelsOptions(command, select, exclude, engine, schema, branch, publish, fullRefresh, newVars, target, user);
    }

    public ModelsOptions withCommand(Command newCommand) {
        return new ModelsOptions(newCommand, select, exclude, engine, schema, branch, publish, fullRefresh, vars, target, user);
    }
}
