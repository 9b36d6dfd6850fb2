package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's walk-through, as a newcomer follows it: every command of its code blocks, in order, exactly as
 * written, in one bash, from the top of a directory laid out like a clone of the project (its scripts and the
 * built jar), on the default ports. Each command must succeed and print what the README says it prints.
 */
class ReadmeWalkthroughIT {
    private static final Duration WHOLE_WALK = Duration.ofMinutes(20);
    private static final String MARKER = "@@walkthrough@@";
    /** The ports of a default start, which the walk-through uses. */
    private static final int[] DEFAULT_PORTS = {9000, 19120, 9092, 9093, 8080, 4040, 15002, 9095, 5435, 8088};

    /** What the README says a command prints: patterns of its output, by a piece of the command's text. */
    private static final Map<String, List<String>> PRINTS = new LinkedHashMap<>();

    static {
        PRINTS.put("$L demo", List.of("audit: 24 of 24 checks passed", "Next, start the whole stack",
                "scripts/lakehouse sql -e \"SELECT country"));
        PRINTS.put("status --wait", List.of("UP \\(pid \\d+"));
        PRINTS.put("gold.revenue_by_country_month", List.of("country +\\| +revenue", "\\(5 rows\\)"));
        PRINTS.put("silver.quarantine", List.of("source_table +\\| reason +\\| records"));
        PRINTS.put("branch log main", List.of("merge etl-\\d+T\\d+ into main"));
        PRINTS.put("$L sourcedb", List.of("PGPASSWORD=lakehouse psql -h 127.0.0.1 -p 5435 -U lakehouse shop"));
        PRINTS.put("'\\dt'", List.of("customers", "order_items"));
        PRINTS.put("UPDATE orders SET status", List.of("UPDATE 1"));
        PRINTS.put("$L pipeline run medallion\n", List.of("bronze +orders +1 new or changed rows", "audit: 24 of 24 checks passed",
                "medallion done in"));
        PRINTS.put("--layer gold", List.of("gold +revenue_by_country_month", "medallion done in"));
        PRINTS.put("CREATE SCHEMA iceberg.shop", List.of("OK, 25 rows"));
        PRINTS.put("GROUP BY regionkey", List.of("regionkey \\| nations", "\\(5 rows\\)"));
        PRINTS.put("branch create dev", List.of("Created branch dev"));
        PRINTS.put("DELETE FROM lakehouse_dev", List.of("^OK$"));
        PRINTS.put("FROM iceberg_dev.shop.nations", List.of("^ +20$"));
        PRINTS.put("# still 25 on main", List.of("^ +25$"));
        PRINTS.put("branch merge dev", List.of("Merged dev into main"));
        PRINTS.put("# 20 now", List.of("^ +20$"));
        PRINTS.put("ls data/s3/warehouse/shop/", List.of("nations"));
        PRINTS.put("--count 1000", List.of("Produced 1000 messages to sensors"));
        PRINTS.put("sensor-999\",\"temperature", List.of("Produced 1 message to sensors"));
        PRINTS.put("sensors-streaming --until-idle", List.of("bronze +1,001 readings", "sensors-streaming done in"));
        PRINTS.put("WHERE sensor_id = 'sensor-999'", List.of("^ +1$"));
        PRINTS.put("s3 cp hello.txt", List.of("upload: \\./hello.txt to s3://warehouse/demo/hello.txt"));
        PRINTS.put("s3 ls s3://warehouse/demo/", List.of("hello.txt"));
        PRINTS.put("ls data/s3/warehouse/demo/", List.of("hello.txt"));
        PRINTS.put("$L flow list", List.of("medallion-hourly +@hourly +paused", "sensors-gold +\\*/5 \\* \\* \\* \\* +paused"));
        PRINTS.put("$L flow run hello --wait", List.of("run manual__\\S+ of hello: success", "^count +1 +success", "^best +1 +success"));
        PRINTS.put("$L flow show hello", List.of("flow hello: counts the silver orders", "schedule \\*/2 \\* \\* \\* \\*, active",
                "^best +sql +count"));
        PRINTS.put("$L flow history", List.of("hello +manual__\\S+ +success"));
        PRINTS.put("$L models init shop_models", List.of("Wrote a dbt project to \\S*shop_models"));
        PRINTS.put("$L models build --project shop_models\n", List.of("OK loaded seed file shop_reference.country_names",
                "OK created sql table model shop_marts.customer_revenue", "PASS unique_customer_revenue_customer_id",
                "Completed successfully", "Done. PASS=\\d+ WARN=0 ERROR=0 SKIP=0"));
        PRINTS.put("shop_marts.customer_revenue ORDER BY", List.of("customer_name +\\| +country_name +\\| +revenue", "\\(5 rows\\)"));
        PRINTS.put("--select +top_categories", List.of("OK created sql table model shop_marts.top_categories", "Completed successfully"));
        PRINTS.put("--branch my-change --publish", List.of("Created branch my-change from main",
                "Published branch my-change to main in one commit"));
        PRINTS.put("shop_marts.top_categories ORDER BY", List.of("category +\\| +products +\\| +revenue"));
        PRINTS.put("/health", List.of("\"status\" : \"UP\""));
        PRINTS.put("$L stop", List.of("Stopped the lakehouse on data"));
    }

    @Test
    void everyCommandRunsAsWrittenAndPrintsWhatTheReadmeSays(@TempDir Path clone) throws Exception {
        Path jar = LakehouseProcess.jar().toAbsolutePath();
        Path project = jar.getParent().getParent().getParent();
        for (int port : DEFAULT_PORTS) {
            try (ServerSocket ignored = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                // free
            } catch (IOException e) {
                throw new IllegalStateException("the walk-through uses the default ports and " + port + " is in use: stop what uses it");
            }
        }
        // what a clone has at its top, for the commands: the scripts and the built jar (the scripts build none then)
        Files.createDirectories(clone.resolve("scripts"));
        for (String script : List.of("lakehouse", "find-java")) {
            Files.copy(project.resolve("scripts").resolve(script), clone.resolve("scripts").resolve(script));
        }
        Files.createDirectories(clone.resolve("app/target"));
        Files.createSymbolicLink(clone.resolve("app/target/lakehouse.jar"), jar);

        List<String> commands = commands(Files.readString(project.resolve("README.md")));
        assertThat(commands).as("the walk-through's commands").hasSizeGreaterThan(20);
        PRINTS.keySet().forEach(key -> assertThat(commands).as("a command with " + key).anyMatch(command -> (command + "\n").contains(key)));

        StringBuilder script = new StringBuilder("set -u\nexec 2>&1\n");
        for (int i = 0; i < commands.size(); i++) {
            script.append(commands.get(i)).append('\n').append("printf '\\n").append(MARKER).append(" ").append(i).append(" %d\\n' $?\n");
        }
        Path scriptFile = clone.resolve("walkthrough.sh");
        Files.writeString(scriptFile, script);
        Path output = clone.resolve("walkthrough.out");
        ProcessBuilder bash = new ProcessBuilder("bash", scriptFile.toString()).directory(clone.toFile())
                .redirectOutput(output.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // a stack stopped by the walk-through need not write the JDK's startup cache as it goes (a minute of CPU)
        bash.environment().put("LAKEHOUSE_AOT", "off");
        bash.environment().remove("LAKEHOUSE_DATA_DIR");
        Process walk = bash.start();
        try {
            assertThat(walk.waitFor(WHOLE_WALK.toMinutes(), TimeUnit.MINUTES)).as("the walk-through ended within " + WHOLE_WALK).isTrue();
            Map<Integer, Step> steps = steps(Files.readString(output, StandardCharsets.UTF_8));
            for (int i = 0; i < commands.size(); i++) {
                String command = commands.get(i);
                Step step = steps.get(i);
                assertThat(step).as("command " + i + " ran: " + command + "\n" + Files.readString(output)).isNotNull();
                assertThat(step.exitCode()).as(command + " exits 0, printing:\n" + step.output()).isZero();
                for (Map.Entry<String, List<String>> expected : PRINTS.entrySet()) {
                    if ((command + "\n").contains(expected.getKey())) {
                        for (String pattern : expected.getValue()) {
                            assertThat(Pattern.compile(pattern, Pattern.MULTILINE).matcher(step.output()).find())
                                    .as(command + "\nprints /" + pattern + "/; it printed:\n" + step.output()).isTrue();
                        }
                    }
                }
            }
        } finally {
            walk.destroyForcibly();
            stopLeftover(clone.resolve("data"));
        }
    }

    /**
     * The commands of the walk-through's sh blocks: one per line, a line ending in a backslash joined to the next, a
     * here-document (<<'EOF') with its lines.
     */
    static List<String> commands(String readme) {
        int start = readme.indexOf("## A first walk-through");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> commands = new ArrayList<>();
        Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            StringBuilder command = new StringBuilder();
            String hereDocumentEnd = null;
            for (String line : block.group(1).split("\n")) {
                command.append(command.isEmpty() ? "" : "\n").append(line);
                Matcher hereDocument = Pattern.compile("<<-?'?(\\w+)'?").matcher(line);
                if (hereDocumentEnd == null && hereDocument.find()) {
                    hereDocumentEnd = hereDocument.group(1);
                    continue;
                }
                if (hereDocumentEnd != null) {
                    if (line.equals(hereDocumentEnd)) {
                        hereDocumentEnd = null;
                        commands.add(command.toString());
                        command.setLength(0);
                    }
                    continue;
                }
                if (!line.endsWith("\\")) {
                    if (!command.toString().isBlank()) {
                        commands.add(command.toString());
                    }
                    command.setLength(0);
                }
            }
        }
        return commands;
    }

    private record Step(int exitCode, String output) {
    }

    private static Map<Integer, Step> steps(String output) {
        Map<Integer, Step> steps = new LinkedHashMap<>();
        Matcher marker = Pattern.compile("\n?" + MARKER + " (\\d+) (\\d+)\n").matcher(output);
        int from = 0;
        while (marker.find()) {
            steps.put(Integer.parseInt(marker.group(1)), new Step(Integer.parseInt(marker.group(2)), output.substring(from, marker.start())));
            from = marker.end();
        }
        return steps;
    }

    /** A stack the walk-through left running (it failed before its stop): stopped, so the next test has the ports. */
    private static void stopLeftover(Path dataDir) throws Exception {
        Path runFile = dataDir.resolve("run/endpoints.json");
        if (Files.isRegularFile(runFile)) {
            JsonNode run = new ObjectMapper().readTree(runFile.toFile());
            ProcessHandle.of(run.path("pid").asLong()).ifPresent(process -> {
                process.destroy();
                process.onExit().orTimeout(2, TimeUnit.MINUTES).join();
            });
        }
    }
}
