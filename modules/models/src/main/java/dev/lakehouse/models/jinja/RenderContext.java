package dev.lakehouse.models.jinja;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rendering of one file: whether it is dbt's parse (execute is false: ref, source and config only record what
 * the file asks for) or its execution, which file it is, who answers ref/source/var, and what the file asked for.
 */
public final class RenderContext {
    /** dbt's two renderings of a node. */
    public enum Phase { PARSE, EXECUTE }

    /** A ref() or source() call as written, and where. */
    public record Call(List<String> args, Object version, String file, int line) {
    }

    private final Phase phase;
    private final String file;
    private final JinjaHost host;
    private final Object subject;
    private final List<Call> refs = new ArrayList<>();
    private final List<Call> sources = new ArrayList<>();
    private final Map<String, Object> configCalls = new LinkedHashMap<>();
    private final Map<String, Object> statements = new HashMap<>();
    private final java.util.Set<String> ephemerals = new java.util.LinkedHashSet<>();

    /**
     * @param file    the file relative to the project, for messages
     * @param subject what the host knows the rendered thing by (a node), or null
     */
    public RenderContext(Phase phase, String file, JinjaHost host, Object subject) {
        this.phase = phase;
        this.file = file;
        this.host = host;
        this.subject = subject;
    }

    public Phase phase() {
        return phase;
    }

    public boolean executing() {
        return phase == Phase.EXECUTE;
    }

    public String file() {
        return file;
    }

    public JinjaHost host() {
        return host;
    }

    public Object subject() {
        return subject;
    }

    /** The ref() calls, in the order the template made them. */
    public List<Call> refs() {
        return refs;
    }

    public List<Call> sources() {
        return sources;
    }

    /** What config(...) calls set, merged in call order. */
    public Map<String, Object> configCalls() {
        return configCalls;
    }

    /** The unique ids of the ephemeral models the rendering referenced (their CTEs go in front of its SQL). */
    public java.util.Set<String> ephemerals() {
        return ephemerals;
    }

    /** Results of {% call statement('name', fetch_result=true) %} blocks, for load_result('name'). */
    Map<String, Object> statements() {
        return statements;
    }
}
