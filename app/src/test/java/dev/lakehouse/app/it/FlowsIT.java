package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flows in lakehouse.jar, through `lakehouse flow`: a run in flight when the lakehouse is killed (kill -9) is
 * failed (interrupted) by the next start, the history survives, and the schedule carries on.
 */
class FlowsIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunKilledWithTheLakehouseIsFailedAtTheNextStartAndTheScheduleGoesOn(@TempDir Path dataDir) throws Exception {
        Path flows = Files.createDirectories(dataDir.resolve("flows"));
        // long enough to be killed in the middle: Trino generates TPC-H's sf100 orders on the fly
        Files.writeString(flows.resolve("slow.yaml"), """
                description: counts what takes minutes to count
                tasks:
                  count:
                    sql: SELECT count(*) FROM tpch.sf100.orders
                """);
        String[] stack = {"--services", "flows,trino", "--ports", "random"};
        String runId;
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, stack).awaitReady(BOOT)) {
            LakehouseProcess.Result list = LakehouseProcess.run(dataDir, COMMAND, "flow", "list");
            assertThat(list.exitCode()).as(list.stderr()).isZero();
            assertThat(list.stdout()).contains("slow", "(by hand)", "paused");

            LakehouseProcess.Result run = LakehouseProcess.run(dataDir, COMMAND, "flow", "run", "slow");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            runId = run.stdout().replaceAll("(?s).*Queued run (\\S+) of slow.*", "$1");
            awaitState(dataDir, "slow", runId, "running");

            long pid = lakehouse.runFile().path("pid").asLong();
            new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
            assertThat(lakehouse.waitForExit(COMMAND)).as("the lakehouse was killed").isNotZero();
        }

        Files.writeString(flows.resolve("every-minute.yaml"), """
                schedule: "* * * * *"
                paused: false
                tasks:
                  tick:
                    sql: SELECT 1
                """);
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, stack).awaitReady(BOOT)) {
            JsonNode killed = run(dataDir, "slow", runId);
            assertThat(killed.path("state").asText()).isEqualTo("failed");
            assertThat(killed.path("error").asText()).startsWith("interrupted");
            assertThat(killed.path("attempts").get(0).path("state").asText()).isEqualTo("failed");

            LakehouseProcess.Result history = LakehouseProcess.run(dataDir, COMMAND, "flow", "history");
            assertThat(history.stdout()).as("the history survived the kill").contains(runId, "failed", "interrupted");

            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            JsonNode scheduled = null;
            while (System.nanoTime() < deadline && scheduled == null) {
                for (JsonNode candidate : JSON.readTree(LakehouseProcess.run(dataDir, COMMAND, "flow", "history", "every-minute",
                        "--format", "json").stdout())) {
                    if (candidate.path("runType").asText().equals("scheduled") && candidate.path("state").asText().equals("success")) {
                        scheduled = candidate;
                    }
                }
                Thread.sleep(2000);
            }
            assertThat(scheduled).as("a scheduled run after the restart succeeded").isNotNull();

            LakehouseProcess.Result waited = LakehouseProcess.run(dataDir, COMMAND, "flow", "run", "every-minute", "--wait");
            assertThat(waited.exitCode()).as(waited.stdout() + waited.stderr()).isZero();
            assertThat(waited.stdout()).contains("every-minute: success", "tick", "success");
        }
    }

    private static JsonNode run(Path dataDir, String flow, String runId) throws Exception {
        LakehouseProcess.Result result = LakehouseProcess.run(dataDir, COMMAND, "flow", "history", flow, "--run", runId, "--format", "json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }

    private static void awaitState(Path dataDir, String flow, String runId, String state) throws Exception {
        long deadline = System.nanoTime() + COMMAND.toNanos();
        while (System.nanoTime() < deadline) {
            if (run(dataDir, flow, runId).path("state").asText().equals(state)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(flow + " run " + runId + " never got " + state);
    }
}
