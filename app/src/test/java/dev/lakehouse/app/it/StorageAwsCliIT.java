package dev.lakehouse.app.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The object store through the `aws` command line (Debian's awscli), as a user would type it. */
@SharedStack(services = "storage")
class StorageAwsCliIT {
    private static LakehouseProcess lakehouse;
    private static Path awsConfig;

    @BeforeAll
    static void configure(LakehouseProcess running, @TempDir Path home) throws IOException {
        lakehouse = running;
        awsConfig = home.resolve("aws-config");
        Files.writeString(awsConfig, "[default]\ns3 =\n    addressing_style = path\n");
    }

    @Test
    void copyListHeadAndCopyBack(@TempDir Path work) throws Exception {
        Path upload = work.resolve("cities.csv");
        Files.writeString(upload, "city,country\nLisbon,PT\nOslo,NO\n");

        assertThat(aws("s3", "cp", upload.toString(), "s3://warehouse/cli/cities.csv").exitCode()).isZero();
        assertThat(Files.readString(lakehouse.dataDir().resolve("s3/warehouse/cli/cities.csv")))
                .isEqualTo("city,country\nLisbon,PT\nOslo,NO\n");

        Run listing = aws("s3", "ls", "s3://warehouse/cli/");
        assertThat(listing.exitCode()).isZero();
        assertThat(listing.out()).contains("cities.csv");

        Run head = aws("s3api", "head-object", "--bucket", "warehouse", "--key", "cli/cities.csv");
        assertThat(head.exitCode()).isZero();
        assertThat(head.out()).contains("\"ContentLength\": 31");

        Path download = work.resolve("back.csv");
        assertThat(aws("s3", "cp", "s3://warehouse/cli/cities.csv", download.toString()).exitCode()).isZero();
        assertThat(Files.readString(download)).isEqualTo(Files.readString(upload));

        assertThat(aws("s3", "rm", "s3://warehouse/cli/cities.csv").exitCode()).isZero();
        assertThat(lakehouse.dataDir().resolve("s3/warehouse/cli/cities.csv")).doesNotExist();
    }

    @Test
    void aWrongSecretFails() throws Exception {
        Run denied = aws(Map.of("AWS_SECRET_ACCESS_KEY", "wrong"), "s3", "ls", "s3://warehouse/");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.err()).containsAnyOf("SignatureDoesNotMatch", "AccessDenied", "403");
    }

    record Run(int exitCode, String out, String err) {
    }

    private static Run aws(String... args) throws Exception {
        return aws(Map.of(), args);
    }

    private static Run aws(Map<String, String> extraEnvironment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", lakehouse.endpoint("storage", "s3").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", lakehouse.endpointProperty("storage", "s3", "access-key"));
        env.put("AWS_SECRET_ACCESS_KEY", lakehouse.endpointProperty("storage", "s3", "secret-key"));
        env.put("AWS_DEFAULT_REGION", lakehouse.endpointProperty("storage", "s3", "region"));
        env.put("AWS_CONFIG_FILE", awsConfig.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", awsConfig.resolveSibling("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.putAll(extraEnvironment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("the aws command line is needed for this test (Debian: apt-get install awscli)", e);
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
