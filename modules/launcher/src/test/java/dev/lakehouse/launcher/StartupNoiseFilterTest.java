package dev.lakehouse.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StartupNoiseFilterTest {
    @Test
    void theIncubatorWarningIsDroppedAndTheRestPassesThrough() {
        assertThat(filtered(new ByteArrayInputStream(bytes("WARNING: Using incubator modules: jdk.incubator.vector\nreal error\n")),
                StartupNoiseFilter.INCUBATOR_WARNING)).isEqualTo("real error\n");
        assertThat(filtered(new ByteArrayInputStream(bytes("first\nsecond")), StartupNoiseFilter.INCUBATOR_WARNING))
                .isEqualTo("first\nsecond");
    }

    @Test
    void theRecordedLineAtTheEndOfARecordedStartIsDroppedAndEverythingElsePasses() {
        String output = "lakehouse is ready\n AOT is a word here\n AOTConfiguration\n"
                + " AOTConfiguration recorded: /home/u/.cache/lakehouse/aot/x.aotconf\nafter\n";
        String expected = "lakehouse is ready\n AOT is a word here\n AOTConfiguration\nafter\n";

        assertThat(filtered(new ByteArrayInputStream(bytes(output)), StartupNoiseFilter.AOT_RECORDED)).isEqualTo(expected);
        assertThat(filtered(oneByteAtATime(output), StartupNoiseFilter.AOT_RECORDED)).isEqualTo(expected);
    }

    @Test
    void aLineThatOnlyBeginsLikeTheDroppedOneIsPassedWhole() {
        assertThat(filtered(oneByteAtATime(" AOTConfig"), StartupNoiseFilter.AOT_RECORDED)).isEqualTo(" AOTConfig");
        assertThat(filtered(oneByteAtATime("x AOTConfiguration recorded: y\n"), StartupNoiseFilter.AOT_RECORDED))
                .isEqualTo("x AOTConfiguration recorded: y\n");
    }

    private static String filtered(InputStream in, String droppedLinePrefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StartupNoiseFilter.copy(in, out, droppedLinePrefix);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A pipe hands over what the child has written so far: here, a byte per read. */
    private static InputStream oneByteAtATime(String text) {
        return new ByteArrayInputStream(bytes(text)) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
