package dev.lakehouse.client.cli.sql;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFormatTest {
    private static List<String> print(ResultFormat format, List<String> columns, List<List<Object>> rows, OptionalLong updated) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultFormat.Printer printer = format.printer(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        if (!columns.isEmpty()) {
            printer.columns(columns);
        }
        rows.forEach(printer::row);
        printer.end(rows.size(), updated);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aTableAlignsItsColumnsAndPutsNumbersToTheRight() {
        assertThat(print(ResultFormat.TABLE, List.of("id", "name", "price"),
                List.of(Arrays.asList(1, "Ada", new BigDecimal("2.50")), Arrays.asList(100, null, new BigDecimal("1.5E-7"))), OptionalLong.empty()))
                .containsExactly(
                        " id | name |  price",
                        "----+------+-------",
                        "  1 | Ada  |   2.50",
                        "100 | NULL | 1.5E-7",
                        "(2 rows)");
    }

    @Test
    void aStatementWithoutRowsSaysHowManyItChanged() {
        assertThat(print(ResultFormat.TABLE, List.of(), List.of(), OptionalLong.of(25))).containsExactly("OK, 25 rows");
        assertThat(print(ResultFormat.TABLE, List.of(), List.of(), OptionalLong.empty())).containsExactly("OK");
    }

    @Test
    void csvQuotesWhatNeedsIt() {
        assertThat(print(ResultFormat.CSV, List.of("a", "b"), List.of(Arrays.asList("x,y", "say \"hi\""), Arrays.asList(null, 3)), OptionalLong.empty()))
                .containsExactly("a,b", "\"x,y\",\"say \"\"hi\"\"\"", ",3");
    }

    @Test
    void jsonIsOneObjectPerRowWithNumbersAsNumbers() {
        assertThat(print(ResultFormat.JSON_LINES, List.of("id", "name"), List.of(Arrays.asList(1, "Ada")), OptionalLong.empty()))
                .containsExactly("{\"id\":1,\"name\":\"Ada\"}");
        assertThat(ResultFormat.parse("json")).isEqualTo(ResultFormat.JSON_LINES);
    }
}
