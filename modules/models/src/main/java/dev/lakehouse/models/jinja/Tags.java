package dev.lakehouse.models.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.MacroTag;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** The block tags dbt adds to Jinja, and our macro tag. */
final class Tags {
    /** The context variable naming the file whose macros are being read. */
    static final String MACRO_FILE = "__dbt_macro_file";
    /** The context variable holding the docs blocks read so far (name to text). */
    static final String DOCS = "__dbt_docs";

    private Tags() {
    }

    /** {@code {% macro %}} making {@link ProjectMacro}s. */
    static class Macro extends MacroTag {
        private static final long serialVersionUID = 1L;

        @Override
        protected MacroFunction constructMacroFunction(TagNode tagNode, JinjavaInterpreter interpreter, String name,
                                                       LinkedHashMap<String, Object> parameters) {
            Object file = interpreter.getContext().get(MACRO_FILE);
            return new ProjectMacro(tagNode.getChildren(), name, parameters, interpreter.getContext(),
                    interpreter.getLineNumber(), interpreter.getPosition(), file == null ? null : file.toString());
        }
    }

    /**
     * {@code {% test name(model, column_name) %}}: a generic test, which dbt keeps as the macro {@code test_name}.
     */
    static final class GenericTest extends Macro {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public String getEndTagName() {
            return "endtest";
        }

        @Override
        protected MacroFunction constructMacroFunction(TagNode tagNode, JinjavaInterpreter interpreter, String name,
                                                       LinkedHashMap<String, Object> parameters) {
            return super.constructMacroFunction(tagNode, interpreter, "test_" + name, parameters);
        }
    }

    /**
     * A block we read past: {@code {% materialization %}} and {@code {% snapshot %}} (a project's own
     * materializations and snapshots are not run here; using one is reported where it is used).
     */
    static final class Skipped implements Tag {
        private static final long serialVersionUID = 1L;
        private final String name;

        Skipped(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            return "";
        }
    }

    /** {@code {% docs name %}...{% enddocs %}}: remembered for {@code doc('name')}. */
    static final class Docs implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "docs";
        }

        @Override
        @SuppressWarnings("unchecked")
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder text = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                text.append(child.render(interpreter).getValue());
            }
            Object docs = interpreter.getContext().get(DOCS);
            if (docs instanceof Map<?, ?> map) {
                ((Map<String, String>) map).put(tagNode.getHelpers().trim(), text.toString().strip());
            }
            return "";
        }
    }
}
