package dev.lakehouse.client.cli;

import dev.lakehouse.client.LakehouseClient;
import dev.lakehouse.client.cli.sql.RemoteSqlSession;
import dev.lakehouse.client.cli.sql.ResultFormat;
import dev.lakehouse.client.cli.sql.SqlShell;
import dev.lakehouse.client.cli.sql.StatementSplitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** {@code lakehouse sql}: statements for Trino (the default) or Spark, from -e, a file, or a shell. */
@Command(name = "sql", mixinStandardHelpOptions = true, header = "Run SQL on Trino or Spark, or open a SQL shell.",
        description = "Runs SQL on the lakehouse's tables, inside the running lakehouse: on Trino (default) or on its Spark."
                + " With -e or -f, runs the statements and exits (1 if one fails); without, opens an interactive shell"
                + " with history. Ctrl-C cancels the running statement.")
public final class SqlCommand extends ClientCommand {
    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Statements separated by ';'.")
    String script;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of statements separated by ';'.")
    Path file;

    @Option(names = "--engine", paramLabel = "trino|spark", defaultValue = "trino",
            description = "trino (default) or spark: both see the same Iceberg tables.")
    String engine;

    @Option(names = "--catalog", paramLabel = "CATALOG",
            description = "The default catalog. Trino: iceberg (main; default), iceberg_BRANCH, tpch, tpcds, memory."
                    + " Spark: lakehouse (main; default) or lakehouse_BRANCH.")
    String catalog;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            description = "table (aligned, default), csv, or json (one object per row).")
    String format;

    @Override
    protected Set<String> services() {
        return Set.of(engineName());
    }

    private String engineName() {
        String name = engine.toLowerCase(Locale.ROOT);
        if (!name.equals("trino") && !name.equals("spark")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--engine: trino or spark, not '" + engine + "'");
        }
        return name;
    }

    @Override
    protected int run(LakehouseClient client) throws Exception {
        ResultFormat resultFormat = ResultFormat.parse(format);
        String statements = script != null ? script : file != null ? Files.readString(file) : null;
        try (RemoteSqlSession session = new RemoteSqlSession(client, engineName(), catalog)) {
            if (statements == null) {
                SqlShell.run(session, resultFormat, Path.of(System.getProperty("user.home"), ".lakehouse_sql_history"), Terminal.OUT, Terminal.ERR);
                return ExitCodes.OK;
            }
            for (String statement : StatementSplitter.split(statements)) {
                if (!session.execute(statement, resultFormat, Terminal.OUT, Terminal.ERR)) {
                    return ExitCodes.FAILED;
                }
            }
            return ExitCodes.OK;
        }
    }
}
