package dev.lakehouse.app.badinput;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line client (kcat) to its end with a time limit: a client that hangs is a failed case, not a hung suite. */
final class Commands {
    private Commands() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(Duration timeout, String input, String... command) throws IOException, InterruptedException {
        return run(timeout, input.getBytes(StandardCharsets.UTF_8), command);
    }

    static Result run(Duration timeout, byte[] input, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("badinput-cmd", ".txt");
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException closedEarly) {
                // the client stopped reading: its exit code says why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " still running after " + timeout + ": "
                        + abbreviate(Files.readString(output)));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 1500 ? text : text.substring(0, 1500) + "...(" + text.length() + " chars)";
    }

    static File devNull() {
        return new File("/dev/null");
    }
}
