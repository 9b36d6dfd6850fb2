package dev.lakehouse.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one benchmark (or chaos) run, written as JSON and as a Markdown table. */
public final class Results {
    /** One figure: a median (or a ratio of two things measured in the same run), with its target. */
    public record Row(String section, String metric, double value, String unit, String target, String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> machine;

    public Results(Map<String, Object> machine) {
        this.machine = machine;
    }

    public void add(String section, String metric, double value, String unit, String target, String note) {
        rows.add(new Row(section, metric, value, unit, target, note));
        System.out.printf(Locale.ROOT, "  %-10s %-48s %12s %s%n", section, metric, format(value), unit);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine.get("summary")).append("\n\n");
        md.append("| section | metric | value | unit | target | note |\n|---|---|---:|---|---|---|\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", row.section(), row.metric(),
                    format(row.value()), row.unit(), row.target(), row.note()));
        }
        return md.toString();
    }

    public Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("results", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("results.json").toFile(), json);
        Files.writeString(folder.resolve("results.md"), markdown());
        return folder;
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    public static double median(List<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
