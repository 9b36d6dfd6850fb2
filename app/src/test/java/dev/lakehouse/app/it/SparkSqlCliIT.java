package dev.lakehouse.app.it;

import dev.lakehouse.runtime.Lakehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lakehouse sql --engine spark} against a running stack: the statements run on the stack's own Spark. */
@InProcessStack
class SparkSqlCliIT {
    private static Lakehouse lakehouse;

    @BeforeAll
    static void table(Lakehouse running) {
        lakehouse = running;
        lakehouse.spark().sql("CREATE NAMESPACE IF NOT EXISTS cli");
        lakehouse.spark().sql("CREATE OR REPLACE TABLE cli.people (id BIGINT, name STRING, born DATE) USING iceberg");
        lakehouse.spark().sql("INSERT INTO cli.people VALUES (1, 'Ada', DATE'1815-12-10'), (2, 'Alan', DATE'1912-06-23')");
    }

    @Test
    void statementsRunAndPrintAnAlignedTable() throws Exception {
        LakehouseProcess.Result result = sql("-e", "INSERT INTO cli.people VALUES (3, 'Edsger', DATE'1930-05-11'); "
                + "SELECT id, name FROM cli.people WHERE id >= 2 ORDER BY id");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).containsSubsequence(
                "id | name", "---+-------", " 2 | Alan", " 3 | Edsger", "(2 rows)");
        lakehouse.spark().sql("DELETE FROM cli.people WHERE id = 3");
    }

    @Test
    void csvAndJson() throws Exception {
        assertThat(sql("--format", "csv", "-e", "SELECT id, name, born FROM cli.people ORDER BY id").stdout().lines().toList())
                .containsExactly("id,name,born", "1,Ada,1815-12-10", "2,Alan,1912-06-23");
        assertThat(sql("--format", "json", "-e", "SELECT id, name FROM cli.people ORDER BY id").stdout().lines().toList())
                .containsExactly("{\"id\":1,\"name\":\"Ada\"}", "{\"id\":2,\"name\":\"Alan\"}");
    }

    @Test
    void aBadStatementIsOneLineAndExitCode1() throws Exception {
        LakehouseProcess.Result result = sql("-e", "SELECT 1; SELECT missing_column FROM cli.people; SELECT 2");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errorLines()).singleElement().asString()
                .startsWith("lakehouse: spark rejected the statement:").contains("missing_column");
        assertThat(result.stdout()).as("statements before the bad one ran, those after did not").contains("(1 row)")
                .doesNotContain("2\n(1 row)");
    }

    @Test
    void theInteractiveShellReadsStatementsOverSeveralLines() throws Exception {
        try (LakehouseProcess shell = LakehouseProcess.start(lakehouse.dataDir(), "sql", "--engine", "spark")) {
            shell.process().getOutputStream().write("SELECT name\nFROM cli.people\nWHERE id = 1;\nquit\n".getBytes(StandardCharsets.UTF_8));
            shell.process().getOutputStream().close();
            assertThat(shell.waitForExit(Duration.ofMinutes(2))).as(shell.stderr()).isZero();
            assertThat(shell.stdout()).contains("Ada", "(1 row)");
        }
    }

    private static LakehouseProcess.Result sql(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "sql";
        all[1] = "--engine";
        all[2] = "spark";
        System.arraycopy(args, 0, all, 3, args.length);
        return LakehouseProcess.run(lakehouse.dataDir(), Duration.ofMinutes(2), all);
    }

}
