package dev.lakehouse.flows;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {
    @Test
    void anIntervalRunsAtItsEndWithItsStartAsLogicalDate() {
        Schedule hourly = Schedule.of("@hourly", "UTC");
        Instant at = Instant.parse("2026-11-30T04:20:00Z");
        assertThat(hourly.nextAfter(at)).isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
        assertThat(hourly.intervalEndingAt(Instant.parse("2026-11-30T05:00:00Z")))
                .isEqualTo(new Schedule.Interval(Instant.parse("2026-11-30T04:00:00Z"), Instant.parse("2026-11-30T05:00:00Z")));
    }

    @Test
    void aTimeZoneMovesTheDays() {
        Schedule daily = Schedule.of("@daily", "Europe/Paris");
        assertThat(daily.nextAfter(Instant.parse("2026-11-30T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    }

    @Test
    void aBackfillsDatesAreTheScheduleBetweenTwoDatesIncluded() {
        assertThat(Schedule.of("@daily", "UTC").logicalDatesBetween(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z")))
                .containsExactly(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
    }

    @Test
    void badExpressionsAndZonesAreNamed() {
        assertThatThrownBy(() -> Schedule.of("@sometimes", "UTC")).hasMessageContaining("unknown schedule preset '@sometimes'");
        assertThatThrownBy(() -> Schedule.of("* * *", "UTC")).hasMessageContaining("'* * *' is not a cron expression");
        assertThatThrownBy(() -> Schedule.of("@daily", "Mars/Olympus")).hasMessageContaining("unknown time zone 'Mars/Olympus'");
    }
}
