package dev.lakehouse.client.cli.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementSplitterTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        assertThat(StatementSplitter.split("SELECT ';' AS a; -- a comment; still one\nSELECT \"x;y\" FROM t; /* ; */ SELECT 3;"))
                .containsExactly("SELECT ';' AS a", "SELECT \"x;y\" FROM t", "SELECT 3");
    }

    @Test
    void aStatementIsCompleteAtItsSemicolon() {
        assertThat(StatementSplitter.isComplete("SELECT 1")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT 1;")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT ';")).isFalse();
    }
}
