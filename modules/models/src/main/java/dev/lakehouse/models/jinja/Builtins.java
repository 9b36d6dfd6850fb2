package dev.lakehouse.models.jinja;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import dev.lakehouse.models.ModelsException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dbt's functions and objects in templates: ref, source, config, var, env_var, is_incremental, return, log,
 * print, run_query, statement/load_result, doc, tojson/fromjson/toyaml/fromyaml, zip, and the adapter,
 * exceptions and api objects. The functions are {@link JavaMacro}s (a project macro of the same name overrides
 * one, as in dbt); each asks the {@link RenderContext} of the rendering it is called from.
 */
final class Builtins {
    private Builtins() {
    }

    static void install(Context scope, Map<String, Object> globals) {
        add(scope, "ref", List.of(), Builtins::ref);
        add(scope, "source", List.of(), call -> {
            RenderContext context = context();
            if (call.varargs().size() != 2) {
                throw fail("source() takes exactly two arguments, the source's name and the table's: source('shop', 'orders')");
            }
            String sourceName = String.valueOf(call.varargs().get(0));
            String table = String.valueOf(call.varargs().get(1));
            context.sources().add(new RenderContext.Call(List.of(sourceName, table), null, currentFile(context), line()));
            return located(() -> context.host().source(context, sourceName, table));
        });
        add(scope, "config", List.of(), call -> {
            RenderContext context = context();
            if (!context.executing()) {
                for (Object positional : call.varargs()) {
                    if (positional instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> context.configCalls().put(String.valueOf(k), v));
                    }
                }
                call.kwargs().forEach((key, value) -> mergeConfig(context.configCalls(), key, value));
            }
            return "";
        });
        add(scope, "var", List.of(), call -> {
            RenderContext context = context();
            List<Object> args = call.varargs();
            if (args.isEmpty()) {
                throw fail("var() needs the variable's name: var('start_date') or var('start_date', '2024-01-01')");
            }
            boolean hasDefault = args.size() > 1 || call.kwargs().containsKey("default");
            Object fallback = args.size() > 1 ? args.get(1) : call.kwargs().get("default");
            return located(() -> context.host().var(context, String.valueOf(args.get(0)), fallback, hasDefault));
        });
        add(scope, "env_var", List.of(), call -> {
            List<Object> args = call.varargs();
            if (args.isEmpty()) {
                throw fail("env_var() needs the variable's name: env_var('DBT_USER') or env_var('DBT_USER', 'me')");
            }
            String name = String.valueOf(args.get(0));
            String value = System.getenv(name);
            if (value != null) {
                return value;
            }
            if (args.size() > 1 || call.kwargs().containsKey("default")) {
                Object fallback = args.size() > 1 ? args.get(1) : call.kwargs().get("default");
                return fallback == null ? null : String.valueOf(fallback);
            }
            throw fail("env_var('" + name + "'): the environment variable is not set and no default was given");
        });
        add(scope, "is_incremental", List.of(), call -> {
            RenderContext context = context();
            return context.executing() && context.host().isIncremental(context);
        });
        add(scope, "return", List.of("value="), call -> {
            MacroFrames.Frame frame = MacroFrames.current();
            if (frame != null && !frame.hasReturned) {
                frame.returned = call.arg("value");
                frame.hasReturned = true;
            }
            return "";
        });
        add(scope, "log", List.of("msg=", "info="), call -> {
            if (Boolean.TRUE.equals(call.arg("info"))) {
                context().host().log(String.valueOf(call.arg("msg")));
            }
            return "";
        });
        add(scope, "print", List.of("msg="), call -> {
            context().host().log(String.valueOf(call.arg("msg")));
            return "";
        });
        add(scope, "run_query", List.of("sql="), call -> {
            RenderContext context = context();
            if (!context.executing()) {
                return null;
            }
            JinjaHost.QueryResult result = located(() -> context.host().runQuery(context, String.valueOf(call.arg("sql"))));
            return result == null ? null : new AgateTable(result);
        });
        add(scope, "__dbt_statement", List.of("name=", "fetch_result=", "sql="), call -> {
            RenderContext context = context();
            JinjaHost.QueryResult result = located(() -> context.host().runQuery(context, String.valueOf(call.arg("sql"))));
            if (call.arg("name") != null) {
                Map<String, Object> loaded = new LinkedHashMap<>();
                AgateTable table = result == null ? null : new AgateTable(result);
                loaded.put("table", table);
                loaded.put("data", result == null ? List.of() : result.rows());
                loaded.put("response", Map.of("_message", "OK"));
                context.statements().put(String.valueOf(call.arg("name")), loaded);
            }
            return "";
        });
        add(scope, "load_result", List.of("name="), call -> context().statements().get(String.valueOf(call.arg("name"))));
        add(scope, "doc", List.of(), call -> {
            RenderContext context = context();
            List<Object> args = call.varargs();
            if (args.isEmpty()) {
                throw fail("doc() needs the docs block's name: doc('orders')");
            }
            return located(() -> context.host().doc(context, String.valueOf(args.get(args.size() - 1))));
        });
        add(scope, "tojson", List.of("value=", "sort_keys="), call -> Templates.toJson(call.arg("value")));
        add(scope, "fromjson", List.of("string=", "default="), call -> {
            try {
                return Templates.fromJson(String.valueOf(call.arg("string")));
            } catch (IOException e) {
                return call.arg("default");
            }
        });
        add(scope, "toyaml", List.of("value="), call -> {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return new Yaml(options).dump(call.arg("value"));
        });
        add(scope, "fromyaml", List.of("value=", "default="), call -> {
            try {
                return new Yaml(new SafeConstructor(new LoaderOptions())).load(String.valueOf(call.arg("value")));
            } catch (RuntimeException e) {
                return call.arg("default");
            }
        });
        add(scope, "zip", List.of(), call -> {
            List<List<Object>> lists = new ArrayList<>();
            for (Object value : call.varargs()) {
                lists.add(value instanceof Collection<?> c ? new ArrayList<>(c) : List.of(value));
            }
            List<Object> zipped = new ArrayList<>();
            int length = lists.stream().mapToInt(List::size).min().orElse(0);
            for (int i = 0; i < length; i++) {
                List<Object> tuple = new ArrayList<>();
                for (List<Object> list : lists) {
                    tuple.add(list.get(i));
                }
                zipped.add(tuple);
            }
            return zipped;
        });
        add(scope, "dbt_dispatch_call", List.of(), call -> {
            if (call.varargs().isEmpty()) {
                throw fail("adapter.dispatch() needs the macro's name");
            }
            MacroFunction target = dispatch(String.valueOf(call.varargs().get(0)));
            List<Object> args = new ArrayList<>(call.varargs().subList(1, call.varargs().size()));
            call.kwargs().forEach((name, value) -> args.add(new NamedParameter(name, value)));
            return target.evaluate(args.toArray());
        });

        globals.put("adapter", adapter(scope));
        globals.put("exceptions", exceptions(scope));
        globals.put("api", Map.of("Relation", Map.of("create", JavaMacro.of("create", scope,
                List.of("database=", "schema=", "identifier=", "type="), call -> context().host().relation(
                        call.text("database"), call.text("schema"), call.text("identifier"), call.text("type"))))));
        globals.put("run_started_at", new com.hubspot.jinjava.objects.date.PyishDate(ZonedDateTime.now(java.time.ZoneOffset.UTC)));
        globals.put("modules", Map.of());
    }

    private static Object ref(JavaMacro.Call call) {
        RenderContext context = context();
        List<Object> args = call.varargs();
        if (args.isEmpty() || args.size() > 2) {
            throw fail("ref() takes the model's name, or a package and a name: ref('orders'), ref('shop', 'orders')");
        }
        Object version = call.kwargs().containsKey("v") ? call.kwargs().get("v") : call.kwargs().get("version");
        String packageName = args.size() == 2 ? String.valueOf(args.get(0)) : null;
        String name = String.valueOf(args.get(args.size() - 1));
        List<String> written = new ArrayList<>();
        args.forEach(arg -> written.add(String.valueOf(arg)));
        context.refs().add(new RenderContext.Call(written, version, currentFile(context), line()));
        return located(() -> context.host().ref(context, packageName, name, version));
    }

    /** Runs a host call; its error without a line gets the template's current file and line. */
    private static <T> T located(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ModelsException e) {
            if (e.line() > 0) {
                throw e;
            }
            throw fail(e.reason());
        }
    }

    private static Map<String, Object> adapter(Context scope) {
        Map<String, Object> adapter = new LinkedHashMap<>();
        adapter.put("dispatch", JavaMacro.of("dispatch", scope, List.of("macro_name=", "macro_namespace="),
                call -> dispatch(call.text("macro_name"))));
        adapter.put("quote", JavaMacro.of("quote", scope, List.of("identifier="), call -> {
            char quote = "spark".equals(context().host().adapterType()) ? '`' : '"';
            return quote + call.text("identifier").replace(String.valueOf(quote), String.valueOf(quote) + quote) + quote;
        }));
        adapter.put("type", JavaMacro.of("type", scope, List.of(), call -> context().host().adapterType()));
        adapter.put("get_relation", JavaMacro.of("get_relation", scope, List.of("database=", "schema=", "identifier="), call -> {
            RenderContext context = context();
            return context.executing() ? context.host().getRelation(context, call.text("database"), call.text("schema"), call.text("identifier")) : null;
        }));
        adapter.put("get_columns_in_relation", JavaMacro.of("get_columns_in_relation", scope, List.of("relation="), call -> {
            RenderContext context = context();
            return context.executing() && call.arg("relation") instanceof Relation relation ? context.host().columns(context, relation) : List.of();
        }));
        return adapter;
    }

    private static Map<String, Object> exceptions(Context scope) {
        Map<String, Object> exceptions = new LinkedHashMap<>();
        exceptions.put("raise_compiler_error", JavaMacro.of("raise_compiler_error", scope, List.of("msg=", "node="),
                call -> {
                    throw fail("Compilation Error: " + call.text("msg"));
                }));
        exceptions.put("raise_not_implemented", JavaMacro.of("raise_not_implemented", scope, List.of("msg="),
                call -> {
                    throw fail("Not implemented: " + call.text("msg"));
                }));
        exceptions.put("warn", JavaMacro.of("warn", scope, List.of("msg=", "node="), call -> {
            context().host().log("Warning: " + call.text("msg"));
            return "";
        }));
        return exceptions;
    }

    /** adapter.dispatch: the engine's implementation (trino__name), else the default one, else the macro itself. */
    private static MacroFunction dispatch(String name) {
        Context current = JinjavaInterpreter.getCurrent().getContext();
        String adapterType = context().host().adapterType();
        for (String candidate : List.of(adapterType + "__" + name, "default__" + name, name)) {
            MacroFunction macro = current.getGlobalMacro(candidate);
            if (macro != null) {
                return macro;
            }
        }
        throw fail("adapter.dispatch('" + name + "'): no macro " + adapterType + "__" + name + " or default__" + name);
    }

    /** How two config() calls (or a call and the earlier configuration) combine: tags and hooks add up. */
    @SuppressWarnings("unchecked")
    static void mergeConfig(Map<String, Object> into, String key, Object value) {
        String normalized = key.startsWith("+") ? key.substring(1) : key;
        normalized = switch (normalized) {
            case "pre_hook" -> "pre-hook";
            case "post_hook" -> "post-hook";
            default -> normalized;
        };
        if ((normalized.equals("tags") || normalized.equals("pre-hook") || normalized.equals("post-hook")) && into.containsKey(normalized)) {
            List<Object> merged = new ArrayList<>(asList(into.get(normalized)));
            for (Object item : asList(value)) {
                if (!merged.contains(item)) {
                    merged.add(item);
                }
            }
            into.put(normalized, merged);
        } else if ((normalized.equals("meta") || normalized.equals("column_types")) && into.get(normalized) instanceof Map<?, ?> old
                && value instanceof Map<?, ?> more) {
            Map<Object, Object> merged = new LinkedHashMap<>((Map<Object, Object>) old);
            merged.putAll(more);
            into.put(normalized, merged);
        } else {
            into.put(normalized, value);
        }
    }

    static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        return List.of(value);
    }

    private static RenderContext context() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Object context = interpreter == null ? null : interpreter.getContext().get(Templates.RENDER_CONTEXT);
        if (!(context instanceof RenderContext render)) {
            throw new IllegalStateException("a dbt function was called outside a rendering");
        }
        return render;
    }

    /** The file being rendered, or the file of the macro the call is in. */
    private static String currentFile(RenderContext context) {
        MacroFrames.Frame frame = MacroFrames.current();
        return frame != null && frame.file != null ? frame.file : context.file();
    }

    private static int line() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        return interpreter == null ? 0 : interpreter.getLineNumber();
    }

    /** An error at the template's current place. */
    static ModelsException fail(String reason) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Object context = interpreter == null ? null : interpreter.getContext().get(Templates.RENDER_CONTEXT);
        String file = context instanceof RenderContext render ? currentFile(render) : null;
        return ModelsException.in(file, line(), reason);
    }

    private static void add(Context scope, String name, List<String> parameters, java.util.function.Function<JavaMacro.Call, Object> body) {
        scope.addGlobalMacro(JavaMacro.of(name, scope, parameters, body));
    }
}
