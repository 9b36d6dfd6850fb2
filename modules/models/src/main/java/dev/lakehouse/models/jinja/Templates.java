package dev.lakehouse.models.jinja;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import dev.lakehouse.models.ModelsException;
import jinjava.javax.el.CompositeELResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's Jinja on HubSpot's Jinjava: one environment per project, holding our built-in macros and then the
 * project's macros (so a project macro of the same name wins, as in dbt), and dbt's functions. Renders a file for
 * a {@link RenderContext} and turns Jinjava's collected errors into one {@link ModelsException} with file and line.
 *
 * <p>Where Jinjava differs from Jinja2 (WORKFLOW.md C), this class bridges: macros can return values
 * ({@link ProjectMacro}), {@code {% test %}}, {@code {% docs %}}, {@code {% materialization %}} are known tags,
 * Python's string methods work ({@link PythonStrings}), nested interpretation is off, and
 * {@code adapter.dispatch('m')(args)}, a call of a call that Jinjava cannot parse, is read as
 * {@code dbt_dispatch_call('m', args)} before parsing.
 */
public final class Templates {
    /** The context variable holding the current {@link RenderContext}. */
    static final String RENDER_CONTEXT = "__dbt";
    private static final Pattern DISPATCH = Pattern.compile("adapter\\s*\\.\\s*dispatch\\s*\\(");
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Jinjava jinjava;
    private final JinjavaConfig config;
    /** Built-in functions and macros: the parent of the project's. */
    private final Context builtins;
    /** The project's macros. */
    private final Context project;
    private final Map<String, String> docs = new LinkedHashMap<>();
    private final Set<String> materializations = new LinkedHashSet<>();
    private final Map<String, Object> globals = new LinkedHashMap<>();

    public Templates() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStrings());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        config = JinjavaConfig.newBuilder()
                .withNestedInterpretationEnabled(false)
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(50)
                .withFailOnUnknownTokens(false)
                .withElResolver(resolver)
                // Jinja2's behaviour where Jinjava kept its own for compatibility: dict keys evaluated, for over a
                // dict gives keys, values print as Python does (True, None, ['a']), operator precedence, trimming
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withAllowAdjacentTextNodes(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withKeepNullableLoopValues(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .build())
                .build();
        jinjava = new Jinjava(config);
        Context global = jinjava.getGlobalContext();
        global.registerTag(new Tags.Macro());
        global.registerTag(new Tags.GenericTest());
        global.registerTag(new Tags.Docs());
        global.registerTag(new Tags.Skipped("materialization"));
        global.registerTag(new Tags.Skipped("snapshot"));
        builtins = new Context(global);
        Builtins.install(builtins, globals);
        project = new Context(builtins);
        addMacros(builtinMacros(), "<built-in macros>", builtins);
    }

    private static String builtinMacros() {
        try (InputStream in = Templates.class.getResourceAsStream("/dev/lakehouse/models/dbt_macros.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the built-in macros are missing from the jar", e);
        }
    }

    /** Reads a macro file's {@code {% macro %}} and {@code {% test %}} blocks into the project. */
    public void addMacroFile(String text, String file) {
        Matcher materialization = Pattern.compile("\\{%-?\\s*materialization\\s+(\\w+)").matcher(text);
        while (materialization.find()) {
            materializations.add(materialization.group(1));
        }
        addMacros(text, file, project);
    }

    private void addMacros(String text, String file, Context into) {
        Context scope = new Context(into);
        scope.put(Tags.MACRO_FILE, file);
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, scope, config);
        try (var pushed = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            interpreter.render(rewriteDispatch(text));
        } catch (InterpretException e) {
            throw error(e, file, e.getLineNumber());
        }
        check(interpreter, file);
        // the macros landed in the file's own scope; make them the project's
        scope.getGlobalMacros().values().forEach(into::addGlobalMacro);
    }

    /** Reads the {@code {% docs %}} blocks of a Markdown file. */
    public void addDocsFile(String text, String file) {
        Context scope = new Context(project);
        scope.put(Tags.DOCS, docs);
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, scope, config);
        try (var pushed = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            interpreter.render(text);
        } catch (InterpretException e) {
            throw error(e, file, e.getLineNumber());
        }
        check(interpreter, file);
    }

    public Map<String, String> docs() {
        return docs;
    }

    /** The names of the project's own {@code {% materialization %}} blocks (read, not run). */
    public Set<String> customMaterializations() {
        return materializations;
    }

    /** Whether a macro of that name exists (the project's or a built-in). */
    public boolean hasMacro(String name) {
        return project.getGlobalMacro(name) != null;
    }

    /** The project's own macros (not the built-in ones), by name, with their files. */
    public Map<String, String> projectMacros() {
        Map<String, String> macros = new LinkedHashMap<>();
        project.getGlobalMacros().forEach((name, macro) ->
                macros.put(name, macro instanceof ProjectMacro pm ? pm.file() : null));
        return macros;
    }

    /**
     * Renders a template.
     *
     * @param bindings the names the template sees besides dbt's functions (this, target, config...)
     * @throws ModelsException at the first error, with its file and line
     */
    public String render(String template, RenderContext context, Map<String, Object> bindings) {
        JinjavaInterpreter interpreter = interpreter(context, bindings);
        String output;
        try (var pushed = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            output = interpreter.render(rewriteDispatch(template));
        } catch (InterpretException e) {
            throw error(e, context.file(), e.getLineNumber());
        }
        check(interpreter, context.file());
        // Jinja2 (keep_trailing_newline off) drops one trailing newline
        return output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
    }

    /** Evaluates one expression ({@code ref('customers')}) to its value, not its text. */
    public Object evaluate(String expression, int line, RenderContext context, Map<String, Object> bindings) {
        JinjavaInterpreter interpreter = interpreter(context, bindings);
        Object value;
        try (var pushed = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            value = interpreter.resolveELExpression(rewriteDispatch(expression), line);
        } catch (InterpretException e) {
            throw error(e, context.file(), line);
        }
        check(interpreter, context.file(), line);
        return value;
    }

    /**
     * Calls a macro (a generic test's {@code test_unique}, {@code generate_schema_name}) with arguments from Java.
     *
     * @param kwargs passed by name, after {@code args}
     */
    public Object call(String macro, List<Object> args, Map<String, Object> kwargs, RenderContext context,
                       Map<String, Object> bindings, int line) {
        MacroFunction function = project.getGlobalMacro(macro);
        if (function == null) {
            throw ModelsException.in(context.file(), line, "no macro named '" + macro + "' (not in the project's macros, nor one of dbt's built-ins this runner has)");
        }
        List<Object> all = new ArrayList<>(args);
        kwargs.forEach((name, value) -> all.add(new NamedParameter(name, value)));
        JinjavaInterpreter interpreter = interpreter(context, bindings);
        Object value;
        try (var pushed = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            value = function.evaluate(all.toArray());
        } catch (InterpretException e) {
            throw error(e, context.file(), line);
        } catch (RuntimeException e) {
            ModelsException cause = modelsCause(e);
            if (cause != null) {
                throw cause;
            }
            throw ModelsException.in(context.file(), line, "macro " + macro + " failed: " + e.getMessage());
        }
        check(interpreter, context.file(), line);
        return value;
    }

    private JinjavaInterpreter interpreter(RenderContext context, Map<String, Object> bindings) {
        Map<String, Object> all = new LinkedHashMap<>(globals);
        all.putAll(bindings);
        all.put(RENDER_CONTEXT, context);
        all.put("execute", context.executing());
        return new JinjavaInterpreter(jinjava, new Context(project, all), config);
    }

    private static void check(JinjavaInterpreter interpreter, String file) {
        check(interpreter, file, 0);
    }

    private static void check(JinjavaInterpreter interpreter, String file, int fallbackLine) {
        for (TemplateError error : interpreter.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) {
                continue;
            }
            ModelsException cause = modelsCause(error.getException());
            if (cause != null) {
                throw cause;
            }
            int line = error.getLineno() > 0 ? error.getLineno() : fallbackLine;
            throw ModelsException.in(file, line, describe(error));
        }
    }

    private static String describe(TemplateError error) {
        Throwable deepest = error.getException();
        while (deepest != null && deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = error.getMessage();
        if (deepest != null && deepest != error.getException() && deepest.getMessage() != null) {
            message = message + ": " + deepest.getMessage();
        }
        return "Jinja error: " + message.lines().findFirst().orElse(message);
    }

    private static ModelsException error(InterpretException e, String file, int line) {
        ModelsException cause = modelsCause(e);
        if (cause != null) {
            return cause;
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return ModelsException.in(file, line, "Jinja error: " + message.lines().findFirst().orElse(message));
    }

    private static ModelsException modelsCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ModelsException models) {
                return models;
            }
        }
        return null;
    }

    /**
     * Rewrites {@code adapter.dispatch('name', ...)(args)} as {@code dbt_dispatch_call('name', args)}, keeping the
     * line count, since Jinjava cannot parse a call of a call.
     */
    static String rewriteDispatch(String template) {
        if (!template.contains("dispatch")) {
            return template;
        }
        StringBuilder out = new StringBuilder();
        Matcher matcher = DISPATCH.matcher(template);
        int from = 0;
        while (matcher.find(from)) {
            int open = matcher.end() - 1;
            int close = matching(template, open);
            if (close < 0) {
                break;
            }
            int next = close + 1;
            while (next < template.length() && Character.isWhitespace(template.charAt(next)) && template.charAt(next) != '\n') {
                next++;
            }
            if (next >= template.length() || template.charAt(next) != '(') {
                out.append(template, from, close + 1);
                from = close + 1;
                continue;
            }
            String name = firstArgument(template.substring(open + 1, close));
            int after = next + 1;
            int skip = after;
            while (skip < template.length() && Character.isWhitespace(template.charAt(skip)) && template.charAt(skip) != '\n') {
                skip++;
            }
            boolean noArguments = skip < template.length() && template.charAt(skip) == ')';
            out.append(template, from, matcher.start());
            out.append("dbt_dispatch_call(").append(name).append(noArguments ? "" : ", ");
            // keep the newlines the dispatch's own arguments had, so lines stay where they were
            template.substring(open, next).chars().filter(c -> c == '\n').forEach(c -> out.append('\n'));
            from = after;
        }
        out.append(template.substring(from));
        return out.toString();
    }

    private static int matching(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote && text.charAt(i - 1) != '\\') {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String firstArgument(String arguments) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return arguments.substring(0, i).strip();
            }
        }
        String only = arguments.strip();
        return only.startsWith("macro_name") ? only.substring(only.indexOf('=') + 1).strip() : only;
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    static Object fromJson(String text) throws IOException {
        return JSON.readValue(text, Object.class);
    }
}
