package dev.lakehouse.runtime.notebook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A notebook as its file holds it ({@code <data-dir>/notebooks/<name>.json}): cells of SQL (run on Trino or Spark) or
 * Markdown, in order, each SQL cell with how its result is shown and, if kept, its last result. The shape follows
 * Jupyter's nbformat (cells with a {@code cell_type} and a {@code source}) so a reader of one reads the other;
 * {@link IpynbExport} writes the real thing.
 *
 * @param format  always {@value #FORMAT}: a file of something else is refused, not half-read
 * @param version of the format, {@value #VERSION}
 * @param engine  the engine a new SQL cell starts on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notebook(String format, Integer version, String engine, List<Cell> cells) {
    public static final String FORMAT = "lakehouse-notebook";
    public static final int VERSION = 1;
    /** Rows of a result kept in the file: enough to chart and read, not a table's copy. */
    public static final int MAX_KEPT_ROWS = 1000;
    static final Set<String> ENGINES = Set.of("trino", "spark");
    static final Set<String> VIEWS = Set.of("grid", "bar", "line", "scatter");

    /**
     * One cell.
     *
     * @param type   {@code markdown} or {@code sql}
     * @param engine a SQL cell's engine: {@code trino} or {@code spark}
     * @param view   how a SQL cell's result shows: a grid, or a chart of column y over column x
     * @param result the last result, when kept
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cell(@JsonProperty("cell_type") String type, String source, String engine, View view, Result result) {
    }

    /** @param type {@code grid}, {@code bar}, {@code line} or {@code scatter} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String type, String x, String y) {
    }

    /**
     * A statement's answer as the console got it: its columns ({@code {name, type}}), at most {@link #MAX_KEPT_ROWS}
     * rows, how many there were, or the engine's error.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(List<Map<String, Object>> columns, List<List<Object>> rows, Long total, String error) {
    }

    /** The notebook as it will be stored: defaults filled in; a problem is an {@link IllegalArgumentException} saying where. */
    public Notebook checked() {
        if (format != null && !format.equals(FORMAT)) {
            throw new IllegalArgumentException("\"format\" must be \"" + FORMAT + "\", not \"" + format + "\"");
        }
        if (version != null && version != VERSION) {
            throw new IllegalArgumentException("this lakehouse reads notebooks of version " + VERSION + ", not " + version);
        }
        String defaultEngine = engine == null ? "trino" : engine;
        if (!ENGINES.contains(defaultEngine)) {
            throw new IllegalArgumentException("\"engine\" must be trino or spark, not \"" + defaultEngine + "\"");
        }
        List<Cell> given = cells == null ? List.of() : cells;
        List<Cell> checked = new java.util.ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            checked.add(check(given.get(i), i + 1, defaultEngine));
        }
        return new Notebook(FORMAT, VERSION, defaultEngine, List.copyOf(checked));
    }

    private static Cell check(Cell cell, int number, String defaultEngine) {
        String where = "cell " + number + ": ";
        if (cell == null) {
            throw new IllegalArgumentException(where + "is null");
        }
        String source = cell.source() == null ? "" : cell.source();
        if ("markdown".equals(cell.type())) {
            if (cell.engine() != null || cell.view() != null || cell.result() != null) {
                throw new IllegalArgumentException(where + "a markdown cell has a source only");
            }
            return new Cell("markdown", source, null, null, null);
        }
        if (!"sql".equals(cell.type())) {
            throw new IllegalArgumentException(where + "\"cell_type\" must be markdown or sql, not " + quoted(cell.type()));
        }
        String engine = cell.engine() == null ? defaultEngine : cell.engine();
        if (!ENGINES.contains(engine)) {
            throw new IllegalArgumentException(where + "\"engine\" must be trino or spark, not " + quoted(engine));
        }
        View view = cell.view();
        if (view != null && !VIEWS.contains(view.type())) {
            throw new IllegalArgumentException(where + "\"view\" must be one of grid, bar, line, scatter, not " + quoted(view.type()));
        }
        Result result = cell.result();
        if (result != null && result.rows() != null && result.rows().size() > MAX_KEPT_ROWS) {
            throw new IllegalArgumentException(where + "a kept result has at most " + MAX_KEPT_ROWS + " rows, not " + result.rows().size());
        }
        return new Cell("sql", source, engine, view, result);
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "\"" + value + "\"";
    }
}
