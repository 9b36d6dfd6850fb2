package dev.lakehouse.models.jinja;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.fn.MacroFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A dbt built-in written in Java (ref, source, config, var...) that Jinjava treats as a macro: a macro, unlike a
 * registered function, can have named parameters with defaults, takes keyword arguments, can return any value,
 * and can be overridden by a project macro of the same name, as dbt allows.
 */
public final class JavaMacro extends MacroFunction {
    /** A call's arguments, by parameter name, plus extra keywords and extra positional values. */
    public record Call(Map<String, Object> args, Map<String, Object> kwargs, List<Object> varargs) {
        public Object arg(String name) {
            Object value = args.get(name);
            return value != null ? value : kwargs.get(name);
        }

        public String text(String name) {
            Object value = arg(name);
            return value == null ? null : String.valueOf(value);
        }

        public boolean has(String name) {
            return args.get(name) != null || kwargs.containsKey(name);
        }
    }

    private final Function<Call, Object> body;

    private JavaMacro(String name, LinkedHashMap<String, Object> parameters, Context scope, Function<Call, Object> body) {
        super(List.of(), name, parameters, false, scope, 0, 0);
        this.body = body;
    }

    /**
     * @param parameters names; "name=" marks a parameter whose default is None (it may be left out)
     */
    public static JavaMacro of(String name, Context scope, List<String> parameters, Function<Call, Object> body) {
        LinkedHashMap<String, Object> names = new LinkedHashMap<>();
        for (String parameter : parameters) {
            names.put(parameter.endsWith("=") ? parameter.substring(0, parameter.length() - 1) : parameter, null);
        }
        return new JavaMacro(name, names, scope, body);
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        return body.apply(new Call(argMap, kwargMap, new ArrayList<>(varArgs)));
    }
}
