package dev.lakehouse.sourcedb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL endpoint with real clients: the psql binary, psycopg2 and the PostgreSQL JDBC driver, against the
 * real service (seeded, on free ports, over a temporary data directory).
 */
class PostgresClientsTest {
    @TempDir
    static Path dataDir;
    static TestSourceDb db;

    @BeforeAll
    static void start() throws Exception {
        db = new TestSourceDb(dataDir).start();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    // ---- psql ----

    @Test
    void psqlListsTables() throws Exception {
        String out = psql("-c", "\\dt");
        assertThat(out).contains("List of relations").containsPattern(" Schema \\| +Name +\\| Type +\\| +Owner")
                .containsPattern("public \\| orders +\\| table \\| lakehouse")
                .containsPattern("public \\| order_items +\\| table \\| lakehouse")
                .doesNotContain("pg_compat").doesNotContain("ERROR");
        assertThat(psql("-c", "\\dt+")).containsPattern("orders +\\| table \\| lakehouse \\| permanent +\\| \\d+ kB");
    }

    @Test
    void psqlDescribesATable() throws Exception {
        String out = psql("-c", "\\d orders");
        assertThat(out).contains("Table \"public.orders\"")
                .containsPattern("order_id +\\| bigint +\\| +\\| not null")
                .containsPattern("status +\\| character varying\\(20\\)")
                .containsPattern("updated_at +\\| timestamp without time zone")
                .containsPattern("\"\\w+\" PRIMARY KEY, btree \\(order_id\\)")
                .doesNotContain("ERROR");
        assertThat(psql("-c", "\\d+ orders")).contains("Storage").containsPattern("order_date +\\| date .*\\| plain")
                .doesNotContain("ERROR");
    }

    @Test
    void psqlDescribesConstraintsAndDefaults() throws Exception {
        psql("-c", "CREATE TABLE reviews (id INT PRIMARY KEY, order_id BIGINT REFERENCES orders(order_id), "
                + "stars INT NOT NULL DEFAULT 5 CHECK (stars BETWEEN 1 AND 5))");
        String out = psql("-c", "\\d reviews");
        assertThat(out).containsPattern("stars +\\| integer +\\| +\\| not null \\| 5")
                .contains("Check constraints:").contains("CHECK")
                .contains("Foreign-key constraints:").contains("FOREIGN KEY (order_id) REFERENCES orders(order_id)")
                .doesNotContain("ERROR");
        assertThat(psql("-c", "\\d orders")).contains("Referenced by:").contains("TABLE \"reviews\"");
        psql("-c", "CREATE VIEW good_reviews AS SELECT id FROM reviews WHERE stars > 3");
        assertThat(psql("-c", "\\dv")).containsPattern("public \\| good_reviews \\| view");
        assertThat(psql("-c", "\\d+ good_reviews")).contains("View \"public.good_reviews\"").contains("View definition:");
    }

    @Test
    void psqlListsDatabasesSchemasAndRoles() throws Exception {
        assertThat(psql("-c", "\\l")).contains("List of databases").containsPattern("shop +\\| lakehouse \\| UTF8");
        assertThat(psql("-c", "\\dn")).containsPattern("public \\| lakehouse").doesNotContain("pg_compat")
                .doesNotContain("information_schema");
        assertThat(psql("-c", "\\du")).containsPattern("lakehouse +\\| Superuser");
    }

    @Test
    void psqlExpandedDisplay() throws Exception {
        String out = psql("-c", "\\x", "-c", "SELECT order_id, status FROM orders WHERE order_id = 3");
        assertThat(out).contains("Expanded display is on.").contains("-[ RECORD 1 ]").containsPattern("order_id \\| 3");
    }

    @Test
    void psqlCountHeaderAndCommandTags() throws Exception {
        assertThat(psql("-c", "SELECT count(*) FROM orders")).startsWith(" count \n-------\n  1000\n");
        assertThat(psql("-c", "BEGIN", "-c", "SELECT 1", "-c", "ROLLBACK")).startsWith("BEGIN\n").endsWith("ROLLBACK\n");
        assertThat(psql("-c", "START TRANSACTION", "-c", "COMMIT")).isEqualTo("START TRANSACTION\nCOMMIT\n");
        assertThat(psql("-c", "CREATE TABLE tags (id INT)", "-c", "INSERT INTO tags VALUES (1), (2)",
                "-c", "UPDATE tags SET id = id + 1", "-c", "DELETE FROM tags", "-c", "DROP TABLE tags"))
                .isEqualTo("CREATE TABLE\nINSERT 0 2\nUPDATE 2\nDELETE 2\nDROP TABLE\n");
    }

    @Test
    void psqlInsertReturning() throws Exception {
        psql("-c", "CREATE TABLE notes (id SERIAL PRIMARY KEY, body VARCHAR(50))");
        String out = psql("-c", "INSERT INTO notes (body) VALUES ('first'), ('second') RETURNING id, body");
        assertThat(out).containsPattern(" id \\| +body").containsPattern("1 \\| first").containsPattern("2 \\| second")
                .contains("INSERT 0 2");
        assertThat(psql("-c", "UPDATE notes SET body = upper(body) WHERE id = 2 RETURNING notes.body"))
                .contains("SECOND").contains("UPDATE 1");
        assertThat(psql("-c", "DELETE FROM notes WHERE id = 1 RETURNING *")).contains("first").contains("DELETE 1");
    }

    @Test
    void psqlCopyToStdout() throws Exception {
        assertThat(psql("-c", "COPY (SELECT order_id, 'a' || chr(9) || 'b' AS t, NULL AS n FROM orders "
                + "WHERE order_id <= 2 ORDER BY order_id) TO STDOUT"))
                .isEqualTo("1\ta\\tb\t\\N\n2\ta\\tb\t\\N\n");
        assertThat(psql("-c", "COPY (SELECT order_id, 'x,y' AS t FROM orders WHERE order_id = 1) TO STDOUT "
                + "WITH (FORMAT csv, HEADER)"))
                .isEqualTo("order_id,t\n1,\"x,y\"\n");
    }

    @Test
    void psqlCopyToAndFromAFile() throws Exception {
        Path file = dataDir.resolve("orders.csv");
        String out = psql("-c", "\\copy (SELECT order_id, status FROM orders WHERE order_id <= 3 ORDER BY order_id) to '"
                + file + "' csv header");
        assertThat(out).isEqualTo("COPY 3\n");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).isEqualTo("order_id,status");
        assertThat(lines.get(1)).startsWith("1,");

        psql("-c", "CREATE TABLE imported (order_id BIGINT, status VARCHAR(20))");
        assertThat(psql("-c", "\\copy imported from '" + file + "' csv header")).isEqualTo("COPY 3\n");
        assertThat(psql("-At", "-c", "SELECT count(*), min(order_id) FROM imported")).isEqualTo("3|1\n");
    }

    @Test
    void psqlReadsPgCatalogViews() throws Exception {
        assertThat(psql("-At", "-c", "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY 1"))
                .startsWith("customers\n").contains("orders\n");
        assertThat(psql("-At", "-c", "SELECT nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
                + "WHERE c.relname = 'orders'")).isEqualTo("public\n");
    }

    @Test
    void psqlWrongPasswordIsAnErrorMessage() throws Exception {
        Result result = run(List.of("psql", "-X", "-h", "127.0.0.1", "-p", String.valueOf(db.pgPort), "-U", "lakehouse",
                "-d", "shop", "-c", "SELECT 1"), "wrong");
        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("FATAL:  password authentication failed for user \"lakehouse\"");
        Result noDatabase = run(List.of("psql", "-X", "-h", "127.0.0.1", "-p", String.valueOf(db.pgPort), "-U",
                "lakehouse", "-d", "nope", "-c", "SELECT 1"), TestSourceDb.PASSWORD);
        assertThat(noDatabase.output()).contains("FATAL:  database \"nope\" does not exist");
    }

    @Test
    void psqlErrorsShowTheStatementOnce() throws Exception {
        Result result = run(psqlCommand("-c", "SELECT no_such_column FROM orders"), TestSourceDb.PASSWORD);
        assertThat(result.output()).contains("ERROR:  Column \"no_such_column\" not found")
                .doesNotContain("SQL statement").doesNotContain("org.h2");
    }

    // ---- psycopg2 ----

    @Test
    void psycopg2() throws Exception {
        Path script = dataDir.resolve("psycopg2_client.py");
        try (var in = PostgresClientsTest.class.getResourceAsStream("/psycopg2_client.py")) {
            Files.copy(in, script);
        }
        // the system Python, which has Debian's python3-psycopg2 (python3 on the PATH may be another one)
        Result result = run(List.of("/usr/bin/python3", script.toString(), String.valueOf(db.pgPort)), null);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("param: [(7, ")
                .contains("join: 3 ['order_id', 'email']")
                .contains("update: 2 UPDATE 2")
                .contains("updated: paid")
                .contains("returning: [(1, 'a\\\\b'), (2, 'c')] INSERT 0 2")
                .contains("count: count 1000")
                .contains("copy out: 'id,name\\n1,a\\\\b\\n2,c\\n'")
                .contains("copy in: 2")
                .contains("after rollback: 2")
                .contains("error: 42703")
                .containsPattern("wrong password: .*FATAL:  password authentication failed for user \"lakehouse\"");
    }

    // ---- the PostgreSQL JDBC driver ----

    @Test
    void jdbcDriver() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + db.pgPort + "/shop";
        try (Connection connection = DriverManager.getConnection(url, TestSourceDb.USER, TestSourceDb.PASSWORD)) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT o.order_id, c.customer_id FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
                            + "WHERE o.order_id = ?")) {
                query.setLong(1, 9);
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo(9);
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM orders")) {
                assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("count");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1000);
            }
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE orders SET status = ? WHERE order_id = ?")) {
                update.setString(1, "lost");
                update.setLong(2, 9);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            connection.rollback();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE jdbc_items (id SERIAL PRIMARY KEY, name VARCHAR(20))");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jdbc_items (name) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "x");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt("id")).isEqualTo(1);
                }
            }
            try (ResultSet tables = connection.getMetaData().getTables(null, "public", "ord%", new String[] {"TABLE"})) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME"));
                }
                assertThat(names).contains("orders", "order_items");
            }
            CopyManager copy = new CopyManager(connection.unwrap(BaseConnection.class));
            StringWriter out = new StringWriter();
            assertThat(copy.copyOut("COPY (SELECT order_id FROM orders ORDER BY 1 LIMIT 3) TO STDOUT", out)).isEqualTo(3);
            assertThat(out.toString()).isEqualTo("1\n2\n3\n");
            assertThat(copy.copyIn("COPY jdbc_items (name) FROM STDIN WITH (FORMAT csv)", new StringReader("p\n\"q,r\"\n")))
                    .isEqualTo(2);
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT name FROM jdbc_items ORDER BY id")) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                assertThat(names).containsExactly("x", "p", "q,r");
            }
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, TestSourceDb.USER, "wrong"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"lakehouse\"")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    // ---- helpers ----

    record Result(int exit, String output) {
    }

    private static List<String> psqlCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-h", "127.0.0.1", "-p", String.valueOf(db.pgPort),
                "-U", TestSourceDb.USER, "-d", TestSourceDb.DATABASE, "-v", "ON_ERROR_STOP=1"));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Runs psql and returns what it printed; fails on an error. */
    private static String psql(String... arguments) throws Exception {
        Result result = run(psqlCommand(arguments), TestSourceDb.PASSWORD);
        assertThat(result.exit()).as(result.output()).isZero();
        return result.output();
    }

    private static Result run(List<String> command, String password) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        builder.environment().remove("PGPASSWORD");
        if (password != null) {
            builder.environment().put("PGPASSWORD", password);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
