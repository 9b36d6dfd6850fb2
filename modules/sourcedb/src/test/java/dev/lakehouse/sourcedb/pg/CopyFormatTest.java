package dev.lakehouse.sourcedb.pg;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CopyFormatTest {
    private static final List<String> ROW = Arrays.asList("a\tb", "back\\slash", null, "", "line\nbreak", "x,\"y\"");

    @Test
    void textFormat() {
        String line = new String(CopyFormat.TEXT.line(ROW), StandardCharsets.ISO_8859_1);
        assertThat(line).isEqualTo("a\\tb\tback\\\\slash\t\\N\t\tline\\nbreak\tx,\"y\"\n");
        assertThat(CopyFormat.TEXT.parse((line + "\\.\n").getBytes(StandardCharsets.ISO_8859_1))).containsExactly(ROW);
    }

    @Test
    void csvFormat() {
        CopyFormat csv = CopyFormat.CSV.withHeader(true);
        String line = new String(csv.line(ROW), StandardCharsets.ISO_8859_1);
        assertThat(line).isEqualTo("a\tb,back\\slash,,\"\",\"line\nbreak\",\"x,\"\"y\"\"\"\n");
        assertThat(csv.parse(("h1,h2\n" + line).getBytes(StandardCharsets.ISO_8859_1))).containsExactly(ROW);
        assertThat(CopyFormat.CSV.parse("1,2\r\n3,4".getBytes(StandardCharsets.ISO_8859_1)))
                .containsExactly(List.of("1", "2"), List.of("3", "4"));
    }
}
