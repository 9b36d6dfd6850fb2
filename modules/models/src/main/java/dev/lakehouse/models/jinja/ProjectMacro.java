package dev.lakehouse.models.jinja;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.tree.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code {% macro %}} of the project (or of our built-in macros). Jinjava's macros always produce text; dbt's
 * {@code return(value)} hands back any value (a list, a boolean), so a call answers the returned value when the
 * body called return, and the rendered text otherwise.
 */
final class ProjectMacro extends MacroFunction {
    private final String file;

    ProjectMacro(List<Node> content, String name, LinkedHashMap<String, Object> parameters, Context scope,
                 int line, int position, String file) {
        super(content, name, parameters, false, scope, line, position);
        this.file = file;
    }

    String file() {
        return file;
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        MacroFrames.Frame frame = MacroFrames.push(getName(), file);
        try {
            Object text = super.doEvaluate(argMap, kwargMap, varArgs);
            return frame.hasReturned ? frame.returned : text;
        } finally {
            MacroFrames.pop();
        }
    }
}
