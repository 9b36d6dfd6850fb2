package dev.lakehouse.app.it;

import dev.lakehouse.app.it.connect.SparkConnectClientMain;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL statements sent through Spark Connect by Spark's own JVM client, in a process of its own (see
 * {@link SparkConnectClientMain}): one session for all of them, the rows of each statement back as lines
 * {@code a|b}. A statement starting with {@code !} is expected to fail; its answer is {@code error MESSAGE}.
 */
final class ConnectStatements {
    private ConnectStatements() {
    }

    /** Runs the statements in order; the answer of each, in the same order. */
    static List<List<String>> run(URI connect, String... statements) throws Exception {
        List<String> command = new ArrayList<>(List.of(LakehouseProcess.java()));
        command.addAll(Arrays.stream(System.getProperty("lakehouse.jvm.flags", "").split("\\s+")).filter(s -> !s.isBlank()).toList());
        command.addAll(List.of("-cp", SparkConnectIT.clientClassPath(), SparkConnectClientMain.class.getName(), connect.toString(), "SELECT 'first'"));
        command.addAll(List.of(statements));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(client.exitValue()).as(output).isZero();
        // statement 1 is the SELECT 'first' that makes the client print a header for each statement
        List<List<String>> answers = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("statement ")) {
                answers.add(new ArrayList<>());
            } else if (!answers.isEmpty() && (line.startsWith("row ") || line.startsWith("error "))) {
                answers.getLast().add(line.startsWith("row ") ? line.substring(4) : line);
            }
        }
        assertThat(answers).as(output).hasSize(statements.length + 1);
        return answers.subList(1, answers.size());
    }
}
