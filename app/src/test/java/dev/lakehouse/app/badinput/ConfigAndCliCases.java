package dev.lakehouse.app.badinput;

import dev.lakehouse.app.it.LakehouseProcess;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bad configuration and bad command lines, through lakehouse.jar as a user runs it: a refused configuration exits 2
 * with one line naming the key (and starts nothing), a client command's mistake exits non-zero with a message that
 * says what to do. The client commands talk to the running stack; the configurations start no stack of their own
 * (a port in use and a data dir in use are the stack's own, which must not mind).
 */
final class ConfigAndCliCases {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private final Stack stack;
    private final List<BadInputCase> cases = new ArrayList<>();

    private ConfigAndCliCases(Stack stack) {
        this.stack = stack;
    }

    static List<BadInputCase> of(Stack stack) {
        ConfigAndCliCases cli = new ConfigAndCliCases(stack);
        cli.configuration();
        cli.commandLine();
        return cli.cases;
    }

    private void configuration() {
        config("an unknown key (typo) with --set", 2, "storage.prot", "--services", "storage", "--set", "storage.prot=9100");
        config("a port that is not a number", 2, "storage.port", "--services", "storage", "--set", "storage.port=ninety");
        config("a boolean that is not a boolean", 2, "kafka.auto-create-topics", "--services", "kafka", "--set", "kafka.auto-create-topics=perhaps");
        config("an unknown service", 2, "lakehouse-magic", "--services", "storage,lakehouse-magic");
        config("--set without '='", 2, "KEY=VALUE", "--services", "storage", "--set", "storage.port");
        cases.add(new BadInputCase("config", "an unknown key in a --config file", "exit 2 naming the key and the file", () -> {
            Path dir = Files.createTempDirectory("badinput-config");
            Path file = dir.resolve("lakehouse.properties");
            Files.writeString(file, "storage.port=9000\nstorage.colour=blue\n");
            expectExit(LakehouseProcess.run(dir, LIMIT, "--config", file.toString(), "--services", "storage"), 2, "storage.colour", file.toString());
        }));
        cases.add(new BadInputCase("config", "a --config file that does not exist", "exit 2 naming the file", () -> {
            Path dir = Files.createTempDirectory("badinput-config");
            expectExit(LakehouseProcess.run(dir, LIMIT, "--config", dir.resolve("missing.properties").toString(), "--services", "storage"), 2, "missing.properties");
        }));
        cases.add(new BadInputCase("config", "an environment variable with a bad value", "exit 2 naming the key", () -> {
            Path dir = Files.createTempDirectory("badinput-config");
            try (LakehouseProcess run = LakehouseProcess.startWith(LakehouseProcess.java(), dir, Map.of("LAKEHOUSE_STORAGE_PORT", "abc"),
                    ProcessBuilder.Redirect.from(Commands.devNull()), "--services", "storage")) {
                expectExit(new LakehouseProcess.Result(run.waitForExit(LIMIT), run.stdout(), run.stderr()), 2, "storage.port", "abc");
            }
        }));
        cases.add(new BadInputCase("config", "the running stack's S3 port for a second lakehouse", "exit 1 naming the port in use; the stack serves on", () -> {
            Path dir = Files.createTempDirectory("badinput-port");
            expectExit(LakehouseProcess.run(dir, LIMIT, "--services", "storage", "--ports", "random", "--set", "storage.port=" + stack.s3().getPort()),
                    1, String.valueOf(stack.s3().getPort()), "in use");
        }));
        cases.add(new BadInputCase("config", "a second lakehouse on the running stack's data dir", "exit 1: in use by another lakehouse; the stack serves on", () ->
                expectExit(LakehouseProcess.run(stack.dataDir(), LIMIT, "--services", "storage", "--ports", "random"), 1, "in use by another lakehouse")));
        cases.add(new BadInputCase("config", "a data dir that is a file", "exit 1/2 naming the path", () -> {
            Path file = Files.createTempFile("badinput-not-a-dir", ".txt");
            // by hand: LakehouseProcess creates the data dir first
            Process process = new ProcessBuilder(LakehouseProcess.java(), "-jar", LakehouseProcess.jar().toString(), "--data-dir", file.toString(),
                    "--services", "storage", "--ports", "random").redirectInput(Commands.devNull()).start();
            if (!process.waitFor(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + LIMIT);
            }
            String err = new String(process.getErrorStream().readAllBytes());
            String out = new String(process.getInputStream().readAllBytes());
            expectExit(new LakehouseProcess.Result(process.exitValue(), out, err), process.exitValue() == 2 ? 2 : 1, file.getFileName().toString());
        }));
    }

    private void config(String name, int exit, String word, String... args) {
        cases.add(new BadInputCase("config", name, "exit " + exit + ", one line naming " + word, () -> {
            Path dir = Files.createTempDirectory("badinput-config");
            LakehouseProcess.Result result = LakehouseProcess.run(dir, LIMIT, args);
            expectExit(result, exit, word);
            if (Files.exists(dir.resolve("logs"))) {
                throw new AssertionError("a refused configuration started something: " + dir.resolve("logs") + " exists");
            }
        }));
    }

    private void commandLine() {
        cli("an unknown command", Set.of(2), List.of("frobnicate"), "frobnicate");
        cli("an unknown option of status", Set.of(2), List.of("status", "--bogus"), "--bogus");
        cli("sql with an unknown engine", Set.of(2), List.of("sql", "--engine", "oracle", "-e", "SELECT 1"), "oracle");
        cli("sql with a syntax error (Trino)", Set.of(1), List.of("sql", "-e", "SELEC 1"), "mismatched input");
        cli("sql with a syntax error (Spark)", Set.of(1), List.of("sql", "--engine", "spark", "-e", "SELEC 1"), "syntax error");
        cli("branch create with an invalid name", Set.of(1, 2), List.of("branch", "create", "bad name!"), "Reference name must");
        cli("branch merge of a branch that does not exist", Set.of(1), List.of("branch", "merge", "no-such-branch"), "no-such-branch");
        cli("topics create with 0 partitions", Set.of(1, 2), List.of("topics", "create", "badinput-cli-zero", "--partitions", "0"), "partitions");
        cli("topics delete of a topic that does not exist", Set.of(1), List.of("topics", "delete", "badinput-no-such-topic"), "no topic");
        cli("produce --count that is not a number", Set.of(2), List.of("produce", "--topic", "badinput-cli", "--generate", "--count", "abc"), "abc");
        cli("pipeline run of a pipeline that does not exist", Set.of(1, 2), List.of("pipeline", "run", "no-such-pipeline"), "no-such-pipeline");
        cases.add(new BadInputCase("cli", "status on a data dir where nothing runs", "exit 3: no lakehouse is running", () -> {
            Path dir = Files.createTempDirectory("badinput-empty");
            expectExit(LakehouseProcess.run(dir, LIMIT, "status"), 3, "no lakehouse is running");
        }));
    }

    private void cli(String name, Set<Integer> exits, List<String> args, String word) {
        cases.add(new BadInputCase("cli", "lakehouse " + String.join(" ", args) + " (" + name + ")", "exit " + exits + " saying " + word, () -> {
            LakehouseProcess.Result result = LakehouseProcess.run(stack.dataDir(), LIMIT, args.toArray(String[]::new));
            if (!exits.contains(result.exitCode())) {
                throw new AssertionError("exit " + result.exitCode() + ", expected " + exits + ": " + Commands.abbreviate(result.stdout() + result.stderr()));
            }
            Expect.clear("lakehouse " + args.getFirst(), result.stderr() + result.stdout(), word);
            if (result.exitCode() == 2 && result.errorLines().size() != 1) {
                throw new AssertionError("a mistyped command line should be one line, not " + result.errorLines().size() + ": "
                        + Commands.abbreviate(result.stderr()));
            }
            if (result.stderr().contains("Exception")) {
                throw new AssertionError("the error names a Java exception: " + Commands.abbreviate(result.stderr()));
            }
        }));
    }

    private static void expectExit(LakehouseProcess.Result result, int exit, String... words) {
        if (result.exitCode() != exit) {
            throw new AssertionError("exit " + result.exitCode() + ", expected " + exit + ": " + Commands.abbreviate(result.stdout() + result.stderr()));
        }
        List<String> lines = result.errorLines();
        if (lines.size() != 1) {
            throw new AssertionError("expected one line on stderr, got " + lines.size() + ": " + Commands.abbreviate(result.stderr()));
        }
        Expect.clear("lakehouse", lines.getFirst(), words);
    }
}
