package dev.lakehouse.models.project;

import dev.lakehouse.models.jinja.Templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A loaded dbt project: its settings, templates, and every enabled node and source, checked and linked. */
public final class Project {
    private final DbtProject settings;
    private final Templates templates;
    private final Target target;
    private final Map<String, Object> cliVars;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<String, Node> disabled = new LinkedHashMap<>();
    final Map<String, SourceTable> sources = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    Project(DbtProject settings, Templates templates, Target target, Map<String, Object> cliVars) {
        this.settings = settings;
        this.templates = templates;
        this.target = target;
        this.cliVars = cliVars;
    }

    public DbtProject settings() {
        return settings;
    }

    public String name() {
        return settings.name();
    }

    public Templates templates() {
        return templates;
    }

    public Target target() {
        return target;
    }

    public Map<String, Object> cliVars() {
        return cliVars;
    }

    /** Enabled models, seeds and tests by unique id, in file order. */
    public Map<String, Node> nodes() {
        return nodes;
    }

    public Map<String, Node> disabled() {
        return disabled;
    }

    public Map<String, SourceTable> sources() {
        return sources;
    }

    /** What loading noticed but did not refuse (a patch for a model that does not exist...). */
    public List<String> warnings() {
        return warnings;
    }

    public Node node(String uniqueId) {
        return nodes.get(uniqueId);
    }

    /** The model or seed ref('name') names, or null. */
    public Node refable(String name) {
        Node model = nodes.get("model." + name() + "." + name);
        return model != null ? model : nodes.get("seed." + name() + "." + name);
    }

    /** A var's value by dbt's precedence: --vars, then the project's vars (its own block first), else absent. */
    public boolean hasVar(String name) {
        return cliVars.containsKey(name) || projectVars().containsKey(name);
    }

    public Object var(String name) {
        if (cliVars.containsKey(name)) {
            return cliVars.get(name);
        }
        return projectVars().get(name);
    }

    private Map<Object, Object> projectVars() {
        Map<Object, Object> vars = new LinkedHashMap<>();
        settings.vars().forEach((key, value) -> {
            if (!(value instanceof Map<?, ?>) || !String.valueOf(key).equals(name())) {
                vars.put(key, value);
            }
        });
        if (settings.vars().get(name()) instanceof Map<?, ?> own) {
            vars.putAll(own);
        }
        return vars;
    }
}
