package dev.lakehouse.client.cli;

import dev.lakehouse.client.LakehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code lakehouse branch ...}: Nessie branches, which every Iceberg table of the catalog lives on. */
@Command(name = "branch", mixinStandardHelpOptions = true, header = "List, create, merge and delete the catalog's branches.",
        description = "Nessie branches: every table lives on a branch. Spark sees branch NAME as catalog lakehouse_NAME,"
                + " Trino as catalog iceberg_NAME, Iceberg REST clients as the prefix NAME.",
        subcommands = {BranchCommand.ListBranches.class, BranchCommand.Create.class, BranchCommand.Merge.class,
                BranchCommand.Delete.class, BranchCommand.Log.class})
public final class BranchCommand {
    /** A branch action against the running lakehouse's catalog. */
    abstract static class Action extends ClientCommand {
        @Override
        protected Set<String> services() {
            return Set.of("catalog");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "List branches and tags with their head commit.")
    static final class ListBranches extends Action {
        @Override
        protected int run(LakehouseClient client) throws Exception {
            for (Map<String, Object> reference : client.list("/api/branches")) {
                Terminal.OUT.printf("%-24s %-6s %s%n", reference.get("name"), String.valueOf(reference.get("type")).toLowerCase(java.util.Locale.ROOT),
                        shortHash(reference.get("hash")));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create a branch at the head of another reference.")
    static final class Create extends Action {
        @Parameters(paramLabel = "NAME", description = "The new branch.")
        String name;

        @Option(names = "--from", paramLabel = "REF", defaultValue = "main", description = "Where it starts (default: main).")
        String from;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            Map<String, Object> created = client.post("/api/branches", Map.of("name", name, "from", from));
            Terminal.OUT.printf("Created branch %s at %s (from %s): Spark catalog lakehouse_%s, Trino catalog %s%n", created.get("name"),
                    shortHash(created.get("hash")), from, created.get("name"), created.getOrDefault("trinoCatalog", "iceberg_" + name));
            return ExitCodes.OK;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            header = "Merge a branch into another (default: main) in one commit.")
    static final class Merge extends Action {
        @Parameters(paramLabel = "NAME", description = "The branch to merge.")
        String name;

        @Option(names = "--into", paramLabel = "BRANCH", defaultValue = "main", description = "The target (default: main).")
        String into;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("into", into);
            Map<String, Object> merged = client.post("/api/branches/" + LakehouseClient.encode(name) + "/merge", body);
            if (Boolean.TRUE.equals(merged.get("merged"))) {
                Terminal.OUT.printf("Merged %s into %s; %s is now at %s%n", name, into, into, shortHash(merged.get("head")));
            } else {
                Terminal.OUT.printf("Nothing to merge: %s has no changes that %s lacks (%s stays at %s)%n", name, into, into,
                        shortHash(merged.get("head")));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, header = "Delete a branch; what was merged from it stays.")
    static final class Delete extends Action {
        @Parameters(paramLabel = "NAME", description = "The branch to delete.")
        String name;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            client.delete("/api/branches/" + LakehouseClient.encode(name));
            Terminal.OUT.printf("Deleted branch %s%n", name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true, header = "The commit history of a reference, newest first.")
    static final class Log extends Action {
        @Parameters(paramLabel = "REF", defaultValue = "main", arity = "0..1", description = "Branch, tag or hash (default: main).")
        String reference;

        @Option(names = {"-n", "--max"}, paramLabel = "N", defaultValue = "20", description = "How many commits (default: 20).")
        int max;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            List<Map<String, Object>> commits = client.list("/api/branches/" + LakehouseClient.encode(reference) + "/log?max=" + max);
            for (Map<String, Object> commit : commits) {
                Terminal.OUT.printf("%s  %-20s  %-10s  %s%n", shortHash(commit.get("hash")),
                        String.valueOf(commit.get("time")).replaceFirst("\\.\\d+Z$", "Z"), commit.get("author"), commit.get("message"));
            }
            return ExitCodes.OK;
        }
    }

    static String shortHash(Object hash) {
        String text = String.valueOf(hash);
        return text.length() > 12 ? text.substring(0, 12) : text;
    }
}
