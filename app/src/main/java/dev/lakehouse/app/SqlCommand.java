package dev.lakehouse.app;

import dev.lakehouse.app.sql.JdbcSqlSession;
import dev.lakehouse.app.sql.ModuleSqlSession;
import dev.lakehouse.app.sql.ResultFormat;
import dev.lakehouse.app.sql.SqlRunner;
import dev.lakehouse.app.sql.SqlShell;
import dev.lakehouse.app.sql.StatementSplitter;
import dev.lakehouse.runtime.module.ComponentCatalog;
import dev.lakehouse.spi.sql.SqlSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code lakehouse sql}: statements for Trino (the default) or Spark, from -e, a file, or a shell. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run SQL on the lakehouse's tables: with -e or -f, then exit (code 1 if a statement fails);",
                "without them, an interactive shell with history. Talks to the lakehouse running on the data",
                "directory, or starts what the engine needs for the length of the command."})
final class SqlCommand implements Callable<Integer> {
    /** Which engine runs the statements. */
    enum Engine { TRINO, SPARK }

    @ParentCommand
    LakehouseCli cli;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Statements separated by ';'.")
    String script;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of statements separated by ';'.")
    Path file;

    @Option(names = "--engine", paramLabel = "trino|spark", defaultValue = "trino", converter = EngineConverter.class,
            description = "trino (default, over JDBC) or spark (over Spark Connect).")
    Engine engine;

    @Option(names = "--catalog", paramLabel = "CATALOG", defaultValue = "iceberg",
            description = "Trino's default catalog (default: iceberg, the lakehouse's tables; also tpch, tpcds, memory).")
    String catalog;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", converter = FormatConverter.class,
            description = "table (aligned, default), csv, or json (one object per row).")
    ResultFormat format;

    @Override
    public Integer call() throws Exception {
        String statements = script != null ? script : file != null ? Files.readString(file) : null;
        Path dataDir = cli.resolvedDataDir();
        try (StackConnection stack = StackConnection.open(dataDir, engine == Engine.SPARK ? "spark" : "trino");
             SqlSession session = open(stack)) {
            if (statements == null) {
                SqlShell.run(session, format, historyFile(), Terminal.OUT, Terminal.ERR);
                return ExitCodes.OK;
            }
            for (String statement : StatementSplitter.split(statements)) {
                if (!SqlRunner.execute(session, statement, format, Terminal.OUT, Terminal.ERR)) {
                    return ExitCodes.START_FAILED;
                }
            }
            return ExitCodes.OK;
        } catch (StackConnection.CommandException e) {
            Terminal.error(e.getMessage());
            return ExitCodes.START_FAILED;
        }
    }

    private SqlSession open(StackConnection stack) throws Exception {
        return switch (engine) {
            case SPARK -> ModuleSqlSession.open(ComponentCatalog.discover(SqlCommand.class.getClassLoader())
                    .module("spark-connect-client"), "spark-connect", stack.endpoint("spark", "connect").uri());
            case TRINO -> {
                Properties properties = new Properties();
                var trino = stack.endpoint("trino", "http");
                properties.setProperty("user", trino.property("user"));
                yield JdbcSqlSession.open(trino.property("jdbc-url") + "/" + catalog, properties, "trino");
            }
        };
    }

    private static Path historyFile() {
        return Path.of(System.getProperty("user.home"), ".lakehouse_sql_history");
    }

    static final class EngineConverter implements picocli.CommandLine.ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            return Engine.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ResultFormat> {
        @Override
        public ResultFormat convert(String value) {
            return ResultFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
