package dev.lakehouse.runtime.notebook;

import dev.lakehouse.runtime.Refused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotebookStoreTest {
    @TempDir
    Path directory;

    @Test
    void aSavedNotebookReadsBackWithItsDefaultsFilledIn() throws Exception {
        NotebookStore store = new NotebookStore(directory);
        Notebook given = NotebookStore.parse("""
                {"cells": [{"cell_type": "markdown", "source": "# Hi"},
                           {"cell_type": "sql", "source": "SELECT 1 AS one", "view": {"type": "bar", "x": "one", "y": "one"},
                            "result": {"columns": [{"name": "one", "type": "integer"}], "rows": [[1]], "total": 1}}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(store.write("first-one", given)).isTrue();
        assertThat(store.write("first-one", given)).as("the second save replaces the file").isFalse();

        Notebook read = store.read("first-one");
        assertThat(read.format()).isEqualTo(Notebook.FORMAT);
        assertThat(read.engine()).isEqualTo("trino");
        assertThat(read.cells()).extracting(Notebook.Cell::type).containsExactly("markdown", "sql");
        assertThat(read.cells().get(1).engine()).isEqualTo("trino");
        assertThat(read.cells().get(1).result().rows()).containsExactly(List.of(1));
        // the temporary file of the atomic write is gone
        try (var files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("first-one.json");
        }
        assertThat(store.list()).singleElement().satisfies(entry -> assertThat(entry).containsEntry("name", "first-one").containsEntry("cells", 2));

        store.delete("first-one");
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.read("first-one")).isInstanceOfSatisfying(Refused.class,
                e -> assertThat(e.reason()).isEqualTo(Refused.Reason.NOT_FOUND));
    }

    @Test
    void namesThatCouldLeaveTheFolderAreRefused() {
        NotebookStore store = new NotebookStore(directory);
        for (String name : List.of("..", "../x", "a/b", "a\0b", ".hidden", "", "a b", "x".repeat(65), "n.ipynb")) {
            assertThatThrownBy(() -> store.read(name)).as(name).isInstanceOfSatisfying(Refused.class,
                    e -> assertThat(e.reason()).isEqualTo(Refused.Reason.INVALID)).hasMessageContaining("a notebook's name is");
        }
        assertThat(NotebookStore.checkName("Sales_2026-q1")).isEqualTo("Sales_2026-q1");
    }

    @Test
    void whatIsNoNotebookIsRefusedSayingWhere() {
        NotebookStore store = new NotebookStore(directory);
        assertThatThrownBy(() -> store.write("x", NotebookStore.parse("""
                {"cells": [{"cell_type": "python", "source": "print(1)"}]}""".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(Refused.class).hasMessage("cell 1: \"cell_type\" must be markdown or sql, not \"python\"");
        assertThatThrownBy(() -> store.write("x", NotebookStore.parse("""
                {"cells": [{"cell_type": "sql", "source": "SELECT 1", "engine": "duckdb"}]}""".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(Refused.class).hasMessageContaining("\"engine\" must be trino or spark");
        assertThatThrownBy(() -> NotebookStore.parse("{\"cels\": []}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Refused.class).hasMessageContaining("the request body is not a notebook").hasMessageContaining("cels");
        assertThatThrownBy(() -> NotebookStore.parse("not json".getBytes(StandardCharsets.UTF_8))).isInstanceOf(Refused.class);
        assertThat(directory.toFile().list()).isEmpty();
    }

    @Test
    void theExportIsNbformat4WithSqlCellsAsCodeCells() throws Exception {
        Notebook notebook = NotebookStore.parse("""
                {"engine": "spark", "cells": [
                  {"cell_type": "markdown", "source": "# Title\\nline two"},
                  {"cell_type": "sql", "source": "SELECT '<b>' AS tag", "result": {"columns": [{"name": "tag"}], "rows": [["<b>"]], "total": 1}},
                  {"cell_type": "sql", "engine": "trino", "source": "SELECT nope", "result": {"error": "Column 'nope' cannot be resolved"}},
                  {"cell_type": "sql", "source": "SELECT 2"}]}""".getBytes(StandardCharsets.UTF_8)).checked();
        Map<String, Object> ipynb = IpynbExport.of("demo", notebook);
        assertThat(ipynb).containsEntry("nbformat", 4).containsEntry("nbformat_minor", 5);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cells = (List<Map<String, Object>>) ipynb.get("cells");
        assertThat(cells).extracting(cell -> cell.get("cell_type")).containsExactly("markdown", "code", "code", "code");
        assertThat(cells.get(0).get("source")).isEqualTo(List.of("# Title\n", "line two"));
        assertThat(cells.get(1).get("source")).isEqualTo(List.of("%%sql\n", "SELECT '<b>' AS tag"));
        assertThat(cells.get(1).get("metadata")).isEqualTo(Map.of("lakehouse", Map.of("engine", "spark")));
        assertThat(cells.get(1).get("execution_count")).isEqualTo(1);
        String output = NotebookStore.JSON.writeValueAsString(cells.get(1).get("outputs"));
        assertThat(output).contains("execute_result", "&lt;b&gt;").doesNotContain("<td><b>");
        assertThat(NotebookStore.JSON.writeValueAsString(cells.get(2).get("outputs"))).contains("\"output_type\" : \"error\"", "cannot be resolved");
        assertThat(cells.get(3)).containsEntry("outputs", List.of()).containsEntry("execution_count", null);
        assertThat(cells).extracting(cell -> cell.get("id")).doesNotHaveDuplicates();
    }

    @Test
    void markdownIsRenderedWithRawHtmlAndScriptLinksDefused() {
        assertThat(MarkdownHtml.render("# Title\n\n*some* `code`")).isEqualTo("<h1>Title</h1>\n<p><em>some</em> <code>code</code></p>\n");
        String hostile = MarkdownHtml.render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))");
        assertThat(hostile).doesNotContain("<script", "<img", "javascript:").contains("&lt;script&gt;");
    }

    @Test
    void theDemoNotebookIsInstalledOnceWithItsPlaceholdersFilled() throws Exception {
        Path written = NotebookSamples.installMedallionTour(directory, Map.of("demo_snapshot", "1234567890")).orElseThrow();
        String text = Files.readString(written);
        assertThat(text).contains("FOR VERSION AS OF 1234567890", "iceberg_sandbox").doesNotContain("{{");
        Files.writeString(written, "{\"cells\": []}");
        assertThat(NotebookSamples.installMedallionTour(directory, Map.of("demo_snapshot", "1"))).isEmpty();
        assertThat(Files.readString(written)).as("a user's file of the same name is kept").isEqualTo("{\"cells\": []}");
    }
}
