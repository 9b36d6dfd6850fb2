package dev.lakehouse.app;

import dev.lakehouse.client.RunningLakehouse;
import dev.lakehouse.client.cli.ClientCommand;
import dev.lakehouse.client.cli.ExitCodes;
import dev.lakehouse.client.cli.Terminal;
import dev.lakehouse.runtime.LakehouseBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code lakehouse sourcedb}: how to connect to the source database (psql, JDBC). */
@Command(name = "sourcedb", mixinStandardHelpOptions = true, header = "Show how to connect to the source database.",
        description = "Shows how to connect to the shop's source database (H2 in PostgreSQL mode: customers, products,"
                + " orders, order_items) with psql or JDBC: the running lakehouse's endpoints, else the configured ones."
                + " Exit code 0 when it runs, 3 when no lakehouse with sourcedb runs on the data directory.")
final class SourcedbCommand implements Callable<Integer> {
    @ParentCommand
    LakehouseCli cli;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Path dataDir = cli.dataDir();
        Optional<RunningLakehouse> running = RunningLakehouse.find(dataDir).filter(lakehouse -> lakehouse.serviceNames().contains("sourcedb"));
        if (running.isPresent()) {
            Map<String, Object> endpoints = (Map<String, Object>) ((Map<String, Object>) running.get().services().get("sourcedb")).get("endpoints");
            Map<String, Object> jdbc = (Map<String, Object>) endpoints.get("jdbc");
            Map<String, Object> postgres = (Map<String, Object>) endpoints.get("postgres");
            Map<String, String> properties = (Map<String, String>) jdbc.get("properties");
            java.net.URI pg = java.net.URI.create(String.valueOf(postgres.get("uri")));
            Terminal.OUT.println("The source database of the lakehouse running on " + dataDir + ":");
            print(pg.getHost(), pg.getPort(), properties.get("database"), properties.get("user"), properties.get("password"));
            Terminal.OUT.println("  JDBC   " + jdbc.get("uri") + "  (driver org.h2.Driver)");
            Terminal.OUT.println("         or jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + properties.get("database")
                    + "  (the PostgreSQL driver)");
            return ExitCodes.OK;
        }
        LakehouseBuilder configured = cli.configuration();
        Map<String, String> sourcedb = configured.configurationWithPrefix("sourcedb.");
        Terminal.OUT.println("No lakehouse with sourcedb is running on " + dataDir + "; start one with");
        Terminal.OUT.println("  " + ClientCommand.startCommand(dataDir) + "   (add --services sourcedb for the database alone)");
        Terminal.OUT.println("then connect with the configured settings:");
        print(configured.settings().advertisedHost(), Integer.parseInt(sourcedb.get("pg-port")), sourcedb.get("database"),
                sourcedb.get("user"), sourcedb.get("password"));
        return ExitCodes.NOT_RUNNING;
    }

    private static void print(String host, int pgPort, String database, String user, String password) {
        Terminal.OUT.printf("  psql   PGPASSWORD=%s psql -h %s -p %d -U %s %s%n", password, host, pgPort, user, database);
        Terminal.OUT.println("  tables customers, products, orders, order_items (seeded once, with duplicates, nulls and bad values)");
    }
}
