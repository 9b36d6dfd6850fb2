package dev.lakehouse.flows;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.FatalTemplateErrorsException;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a task's SQL and options with the run's variables, as Jinja (the language Airflow's templates are in). */
final class Templates {
    private static final Jinjava JINJA = new Jinjava(JinjavaConfig.newBuilder()
            // a variable's value is data, never a template of its own
            .withNestedInterpretationEnabled(false)
            .withFailOnUnknownTokens(true)
            .build());

    private Templates() {
    }

    /**
     * @throws IllegalArgumentException naming the problem (an unknown variable, a syntax error)
     */
    static String render(String template, RunParameters run) {
        if (!template.contains("{{") && !template.contains("{%")) {
            return template;
        }
        RenderResult result;
        try {
            result = JINJA.renderForResult(template, run.variables());
        } catch (FatalTemplateErrorsException e) {
            throw new IllegalArgumentException("the template cannot be rendered: " + e.getMessage());
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new IllegalArgumentException("the template cannot be rendered (line " + error.getLineno() + "): " + error.getMessage()
                        + "; variables: " + String.join(", ", run.variables().keySet()));
            }
        }
        return result.getOutput();
    }

    static Map<String, String> render(Map<String, String> templates, RunParameters run) {
        Map<String, String> rendered = new LinkedHashMap<>();
        templates.forEach((key, value) -> rendered.put(key, render(value, run)));
        return rendered;
    }
}
