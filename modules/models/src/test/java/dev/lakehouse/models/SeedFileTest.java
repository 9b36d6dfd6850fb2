package dev.lakehouse.models;

import dev.lakehouse.models.project.SeedFile;
import dev.lakehouse.models.project.SeedFile.Kind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed types as dbt infers them (agate's tester with dbt's settings), and CSV as Python reads it. */
class SeedFileTest {
    private static List<Kind> kinds(SeedFile seed) {
        return seed.columns().stream().map(SeedFile.Column::kind).toList();
    }

    @Test
    void infersEachColumnsTypeFromAllItsValues() {
        SeedFile seed = SeedFile.read("""
                id,price,amount,day,at,iso,flag,name,code,empty
                1,1.50,"1,000",2024-01-31,2024-01-31 10:11:12,2024-01-31T10:11:12Z,true,Ann,007,
                2,2,$5,2024-02-01,2024-02-01 00:00:00,2024-02-01T00:00:00,False,Bob,x1,null
                3,,12%,,,,,"Smith, Jr.",,
                """, "seeds/s.csv", Map.of());
        assertThat(seed.columns().stream().map(SeedFile.Column::name)).containsExactly("id", "price", "amount", "day", "at", "iso",
                "flag", "name", "code", "empty");
        assertThat(kinds(seed)).containsExactly(Kind.INTEGER, Kind.DECIMAL, Kind.INTEGER, Kind.DATE, Kind.DATETIME, Kind.DATETIME,
                Kind.BOOLEAN, Kind.TEXT, Kind.TEXT, Kind.INTEGER);
        assertThat(seed.rows().get(0)).containsExactly("1", "1.50", "1000", "2024-01-31", "2024-01-31 10:11:12.000000",
                "2024-01-31 10:11:12.000000", "true", "Ann", "007", null);
        assertThat(seed.rows().get(1)).containsExactly("2", "2", "5", "2024-02-01", "2024-02-01 00:00:00.000000",
                "2024-02-01 00:00:00.000000", "false", "Bob", "x1", null);
        assertThat(seed.rows().get(2)).containsExactly("3", null, "12", null, null, null, null, "Smith, Jr.", null, null);
    }

    @Test
    void oneAndZeroAreNumbersNotBooleans() {
        SeedFile seed = SeedFile.read("a,b\n1,yes\n0,no\n", "s.csv", Map.of());
        assertThat(kinds(seed)).containsExactly(Kind.INTEGER, Kind.TEXT);
    }

    @Test
    void columnTypesOverrideAndKeepTheText() {
        SeedFile seed = SeedFile.read("zip,amount\n01234,10\n", "s.csv", Map.of("ZIP", "varchar(5)"));
        assertThat(seed.columns().get(0)).isEqualTo(new SeedFile.Column("zip", Kind.DECLARED, "varchar(5)"));
        assertThat(seed.rows().getFirst()).containsExactly("01234", "10");
    }

    @Test
    void quotedValuesMayHoldCommasQuotesAndLineBreaks() {
        SeedFile seed = SeedFile.read("id,note\r\n1,\"said \"\"hi\"\", then\nleft\"\r\n\r\n2,plain\r\n", "s.csv", Map.of());
        assertThat(seed.rows()).containsExactly(Arrays.asList("1", "said \"hi\", then\nleft"), Arrays.asList("2", "plain"));
    }

    @Test
    void integersBeyond32BitsNeedABigint() {
        SeedFile seed = SeedFile.read("id\n1\n3000000000\n", "s.csv", Map.of());
        assertThat(seed.fitsInteger(0)).isFalse();
    }

    @Test
    void raggedRowsAndBadHeadersAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> SeedFile.read("a,b\n1,2\n3,4,5\n", "seeds/x.csv", Map.of()))
                .hasMessage("seeds/x.csv:3: this row has 3 values but the header has 2 columns (a missing or extra comma? a value with a comma needs \"quotes\")");
        assertThatThrownBy(() -> SeedFile.read("a,b\n\"1,2\n", "seeds/x.csv", Map.of()))
                .hasMessage("seeds/x.csv:2: a quoted value starting on this line is never closed (a missing \")");
        assertThatThrownBy(() -> SeedFile.read("a,A\n1,2\n", "seeds/x.csv", Map.of())).hasMessageContaining("names column 'A' twice");
        assertThatThrownBy(() -> SeedFile.read("", "seeds/x.csv", Map.of())).hasMessageContaining("the seed is empty");
    }
}
