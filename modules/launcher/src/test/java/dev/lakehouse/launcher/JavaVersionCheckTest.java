package dev.lakehouse.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JavaVersionCheckTest {
    private static final Runtime.Version MINIMUM = Runtime.Version.parse("25.0.3");

    @Test
    void aJdkIsEnoughFromTheMinimumOn() {
        assertThat(JavaVersionCheck.isEnough(Runtime.Version.parse("25.0.3"), MINIMUM)).isTrue();
        assertThat(JavaVersionCheck.isEnough(Runtime.Version.parse("26"), MINIMUM)).isTrue();
        assertThat(JavaVersionCheck.isEnough(Runtime.Version.parse("25.0.2"), MINIMUM)).isFalse();
        assertThat(JavaVersionCheck.isEnough(Runtime.Version.parse("17.0.15"), MINIMUM)).isFalse();
    }

    @Test
    void aJdksVersionIsReadFromItsReleaseFileWithoutRunningIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n");
        assertThat(JavaVersionCheck.versionOf(dir)).contains(Runtime.Version.parse("25.0.3"));
        assertThat(JavaVersionCheck.versionOf(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void withoutAJdkTheMessageSaysWhatRunsWhereWeLookedAndWhatToDo() {
        String message = JavaVersionCheck.noJdkMessage(Runtime.Version.parse("17.0.15"), MINIMUM, "/usr/lib/jvm/java-17");
        assertThat(message).contains("25.0.3", "17.0.15", "/usr/lib/jvm/java-17", "/usr/lib/jvm", "bin/java -jar", "LAKEHOUSE_JAVA_HOME");
    }
}
