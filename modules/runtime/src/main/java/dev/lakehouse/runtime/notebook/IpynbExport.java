package dev.lakehouse.runtime.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notebook as Jupyter's nbformat 4 ({@code .ipynb}), for Jupyter, VS Code or GitHub to open: Markdown cells stay
 * Markdown; a SQL cell becomes a code cell whose source starts with {@code %%sql} (the cell magic of JupySQL and
 * ipython-sql), its engine in the cell's metadata, and its kept result as an {@code execute_result} (a plain-text
 * table and an HTML one, every value escaped) or an {@code error} output.
 */
public final class IpynbExport {
    private IpynbExport() {
    }

    public static Map<String, Object> of(String name, Notebook notebook) {
        Map<String, Object> ipynb = new LinkedHashMap<>();
        ipynb.put("nbformat", 4);
        ipynb.put("nbformat_minor", 5);
        Map<String, Object> lakehouse = new LinkedHashMap<>();
        lakehouse.put("notebook", name);
        lakehouse.put("engine", notebook.engine());
        ipynb.put("metadata", Map.of(
                "kernelspec", Map.of("name", "python3", "display_name", "Python 3", "language", "python"),
                "language_info", Map.of("name", "python"),
                "lakehouse", lakehouse));
        List<Object> cells = new ArrayList<>();
        int executionCount = 0;
        for (int i = 0; i < notebook.cells().size(); i++) {
            Notebook.Cell cell = notebook.cells().get(i);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cell_type", cell.type().equals("markdown") ? "markdown" : "code");
            out.put("id", "cell-" + (i + 1));
            if (cell.type().equals("markdown")) {
                out.put("metadata", Map.of());
                out.put("source", lines(cell.source()));
            } else {
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("engine", cell.engine());
                if (cell.view() != null) {
                    metadata.put("view", cell.view());
                }
                out.put("metadata", Map.of("lakehouse", metadata));
                out.put("source", lines("%%sql\n" + cell.source()));
                Integer count = cell.result() == null ? null : ++executionCount;
                out.put("execution_count", count);
                out.put("outputs", cell.result() == null ? List.of() : List.of(output(cell.result(), count)));
            }
            cells.add(out);
        }
        ipynb.put("cells", cells);
        return ipynb;
    }

    private static Map<String, Object> output(Notebook.Result result, int count) {
        Map<String, Object> output = new LinkedHashMap<>();
        if (result.error() != null) {
            output.put("output_type", "error");
            output.put("ename", "SQLError");
            output.put("evalue", result.error());
            output.put("traceback", List.of(result.error()));
            return output;
        }
        List<String> names = result.columns() == null ? List.of()
                : result.columns().stream().map(column -> String.valueOf(column.get("name"))).toList();
        List<List<Object>> rows = result.rows() == null ? List.of() : result.rows();
        output.put("output_type", "execute_result");
        output.put("execution_count", count);
        output.put("data", Map.of("text/plain", lines(plainTable(names, rows)), "text/html", lines(htmlTable(names, rows))));
        output.put("metadata", Map.of());
        return output;
    }

    private static String plainTable(List<String> names, List<List<Object>> rows) {
        StringBuilder text = new StringBuilder(String.join("\t", names));
        for (List<Object> row : rows) {
            text.append('\n').append(String.join("\t", row.stream().map(String::valueOf).toList()));
        }
        return text.toString();
    }

    private static String htmlTable(List<String> names, List<List<Object>> rows) {
        StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
        names.forEach(name -> html.append("<th>").append(escape(name)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            html.append("<tr>");
            row.forEach(value -> html.append("<td>").append(escape(String.valueOf(value))).append("</td>"));
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** nbformat's multi-line string: a list of lines, each but the last with its newline. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int newline; (newline = text.indexOf('\n', start)) >= 0; start = newline + 1) {
            lines.add(text.substring(start, newline + 1));
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
