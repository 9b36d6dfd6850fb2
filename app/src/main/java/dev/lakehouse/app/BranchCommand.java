package dev.lakehouse.app;

import dev.lakehouse.spark.pipeline.NessieBranches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lakehouse branch ...}: Nessie branches, which every Iceberg table of the catalog lives on. */
@Command(name = "branch", mixinStandardHelpOptions = true,
        description = {"Nessie branches: every table lives on a branch; a branch is the Iceberg REST prefix.",
                "Works against the lakehouse running on the data directory, or starts the catalog for the command."},
        subcommands = {BranchCommand.ListBranches.class, BranchCommand.Create.class, BranchCommand.Merge.class,
                BranchCommand.Delete.class, BranchCommand.Log.class})
final class BranchCommand {
    @ParentCommand
    LakehouseCli cli;

    /** Runs an action against the Nessie API of the stack on the data directory. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        BranchCommand branch;

        @Override
        public Integer call() throws Exception {
            Path dataDir = branch.cli.resolvedDataDir();
            try (StackConnection stack = StackConnection.open(dataDir, "catalog");
                 NessieBranches nessie = new NessieBranches(stack.endpoint("catalog", "nessie").uri())) {
                run(nessie);
                return ExitCodes.OK;
            } catch (StackConnection.CommandException | NessieBranches.NessieException e) {
                Terminal.error(e.getMessage());
                return ExitCodes.START_FAILED;
            }
        }

        abstract void run(NessieBranches nessie) throws Exception;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List branches and tags with their head commit.")
    static final class ListBranches extends Action {
        @Override
        void run(NessieBranches nessie) throws Exception {
            for (NessieBranches.Reference reference : nessie.references()) {
                Terminal.OUT.printf("%-24s %-6s %s%n", reference.name(), reference.type().toLowerCase(java.util.Locale.ROOT),
                        shortHash(reference.hash()));
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a branch at the head of another reference.")
    static final class Create extends Action {
        @Parameters(paramLabel = "NAME", description = "The new branch.")
        String name;

        @Option(names = "--from", paramLabel = "REF", defaultValue = "main", description = "Where it starts (default: main).")
        String from;

        @Override
        void run(NessieBranches nessie) throws Exception {
            NessieBranches.Reference created = nessie.createBranch(name, from);
            Terminal.OUT.printf("Created branch %s at %s (from %s)%n", created.name(), shortHash(created.hash()), from);
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge a branch into another (default: main); its commits become visible there.")
    static final class Merge extends Action {
        @Parameters(paramLabel = "NAME", description = "The branch to merge.")
        String name;

        @Option(names = "--into", paramLabel = "BRANCH", defaultValue = "main", description = "The target (default: main).")
        String into;

        @Override
        void run(NessieBranches nessie) throws Exception {
            String head = nessie.merge(name, into);
            Terminal.OUT.printf("Merged %s into %s; %s is now at %s%n", name, into, into, shortHash(head));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a branch (its commits stay reachable from where they were merged).")
    static final class Delete extends Action {
        @Parameters(paramLabel = "NAME", description = "The branch to delete.")
        String name;

        @Override
        void run(NessieBranches nessie) throws Exception {
            nessie.deleteBranch(name);
            Terminal.OUT.printf("Deleted branch %s%n", name);
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true, description = "The commit history of a reference, newest first.")
    static final class Log extends Action {
        @Parameters(paramLabel = "REF", defaultValue = "main", arity = "0..1", description = "Branch, tag or hash (default: main).")
        String reference;

        @Option(names = {"-n", "--max"}, paramLabel = "N", defaultValue = "20", description = "How many commits (default: 20).")
        int max;

        @Override
        void run(NessieBranches nessie) throws Exception {
            for (NessieBranches.Commit commit : nessie.history(reference, max)) {
                Terminal.OUT.printf("%s  %-24s  %-10s  %s%n", shortHash(commit.hash()), commit.time().replaceFirst("\\.\\d+Z$", "Z"),
                        commit.author(), commit.message());
            }
        }
    }

    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
