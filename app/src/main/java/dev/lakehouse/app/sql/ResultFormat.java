package dev.lakehouse.app.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.spi.sql.SqlResult;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code lakehouse sql} prints a result: an aligned table (default), CSV, or JSON lines. */
public enum ResultFormat {
    TABLE {
        @Override
        public void print(SqlResult result, PrintStream out) {
            if (result.columns().isEmpty()) {
                long count = result.updateCount().orElse(0);
                out.println(count > 0 ? "OK, " + count + (count == 1 ? " row" : " rows") : "OK");
                return;
            }
            int[] widths = new int[result.columns().size()];
            List<List<String>> cells = new ArrayList<>();
            for (int c = 0; c < widths.length; c++) {
                widths[c] = result.columns().get(c).length();
            }
            for (List<Object> row : result.rows()) {
                List<String> texts = new ArrayList<>();
                for (int c = 0; c < widths.length; c++) {
                    String text = text(row.get(c));
                    widths[c] = Math.max(widths[c], text.length());
                    texts.add(text);
                }
                cells.add(texts);
            }
            out.println(line(result.columns(), widths));
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
            }
            out.println(rule);
            cells.forEach(row -> out.println(line(row, widths)));
            out.println("(" + result.rows().size() + (result.rows().size() == 1 ? " row)" : " rows)"));
        }

        private String line(List<String> values, int[] widths) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                line.append(c == 0 ? "" : " | ").append(String.format("%-" + widths[c] + "s", values.get(c)));
            }
            return line.toString().stripTrailing();
        }
    },
    CSV {
        @Override
        public void print(SqlResult result, PrintStream out) {
            if (result.columns().isEmpty()) {
                return;
            }
            out.println(String.join(",", result.columns().stream().map(ResultFormat::csv).toList()));
            for (List<Object> row : result.rows()) {
                out.println(String.join(",", row.stream().map(v -> v == null ? "" : csv(text(v))).toList()));
            }
        }
    },
    JSON {
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public void print(SqlResult result, PrintStream out) throws Exception {
            for (List<Object> row : result.rows()) {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int c = 0; c < result.columns().size(); c++) {
                    Object value = row.get(c);
                    // dates and times as their ISO text, numbers and booleans as JSON's own
                    object.put(result.columns().get(c), value instanceof java.time.temporal.Temporal
                            || value instanceof java.util.Date ? value.toString() : value);
                }
                out.println(json.writeValueAsString(object));
            }
        }
    };

    public abstract void print(SqlResult result, PrintStream out) throws Exception;

    static String text(Object value) {
        return value == null ? "NULL" : value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
