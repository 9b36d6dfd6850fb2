package dev.lakehouse.app;

import dev.lakehouse.runtime.LakehouseBuilder;
import dev.lakehouse.spi.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code lakehouse sourcedb}: how to connect to the source database (psql, JDBC). */
@Command(name = "sourcedb", mixinStandardHelpOptions = true,
        description = {"How to connect to the shop's source database (H2 in PostgreSQL mode: customers, products, orders,",
                "order_items), with psql or JDBC: the running lakehouse's endpoints, else the configured ones.",
                "Exit code 0 when it runs, 3 when no lakehouse with sourcedb runs on the data directory."})
final class SourcedbCommand implements Callable<Integer> {
    @ParentCommand
    LakehouseCli cli;

    @Override
    public Integer call() throws Exception {
        Path dataDir = cli.resolvedDataDir();
        Optional<StackConnection> running = StackConnection.running(dataDir).filter(stack -> stack.has("sourcedb"));
        if (running.isPresent()) {
            Endpoint jdbc = running.get().endpoint("sourcedb", "jdbc");
            Endpoint postgres = running.get().endpoint("sourcedb", "postgres");
            Terminal.OUT.println("The source database of the lakehouse running on " + dataDir + ":");
            print(postgres.uri().getHost(), postgres.uri().getPort(), jdbc.property("database"), jdbc.property("user"),
                    jdbc.property("password"));
            Terminal.OUT.println("  JDBC   " + jdbc.uri() + "  (driver org.h2.Driver, or the PostgreSQL driver on the psql port)");
            return ExitCodes.OK;
        }
        LakehouseBuilder configured = cli.configuration();
        Map<String, String> sourcedb = configured.configurationWithPrefix("sourcedb.");
        Terminal.OUT.println("No lakehouse with sourcedb is running on " + dataDir + "; start one (java -jar lakehouse.jar, or");
        Terminal.OUT.println("--services sourcedb for the database alone), then connect with the configured settings:");
        print(configured.settings().advertisedHost(), Integer.parseInt(sourcedb.get("pg-port")), sourcedb.get("database"),
                sourcedb.get("user"), sourcedb.get("password"));
        return ExitCodes.NOT_RUNNING;
    }

    private static void print(String host, int pgPort, String database, String user, String password) {
        Terminal.OUT.printf("  psql   PGPASSWORD=%s psql -h %s -p %d -U %s %s%n", password, host, pgPort, user, database);
        Terminal.OUT.println("  tables customers, products, orders, order_items (seeded once, with duplicates, nulls and bad values)");
    }
}
