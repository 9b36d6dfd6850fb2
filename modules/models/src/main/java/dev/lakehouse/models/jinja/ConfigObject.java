package dev.lakehouse.models.jinja;

import com.hubspot.jinjava.interpret.Context;
import dev.lakehouse.models.ModelsException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code config} as an object in a template: {@code config.get('unique_key')}, {@code config.get('x', default)},
 * {@code config.require('x')} (the function {@code config(...)} is a macro of the same name: Jinja looks names up
 * as functions and as variables separately).
 */
public final class ConfigObject {
    private static final Context NO_SCOPE = new Context();

    private ConfigObject() {
    }

    public static Map<String, Object> of(RenderContext context) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("get", JavaMacro.of("get", NO_SCOPE, List.of("name=", "default=", "validator="),
                call -> context.host().config(context, call.text("name"), call.arg("default"))));
        config.put("require", JavaMacro.of("require", NO_SCOPE, List.of("name=", "validator="), call -> {
            Object value = context.host().config(context, call.text("name"), null);
            if (value == null) {
                throw ModelsException.in(context.file(), 0, "config.require('" + call.text("name") + "'): the node has no "
                        + call.text("name") + " config");
            }
            return value;
        }));
        return config;
    }
}
