package dev.lakehouse.flows;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a flow runs: a cron expression (five fields, as crontab and Airflow take them) or one of Airflow's presets,
 * in a time zone. As in Airflow's data-interval timetables, consecutive fire times bound the intervals a flow
 * processes: the run for [a, b) is due at b, and its logical date is a.
 */
public final class Schedule {
    /** Airflow's presets and the cron expressions they stand for. */
    static final Map<String, String> PRESETS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@quarterly", "0 0 1 */3 *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** One interval of the schedule: a run processes [start, end) and is due at its end. */
    public record Interval(Instant start, Instant end) {
    }

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private Schedule(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * @param expression a cron expression ("0 * * * *") or a preset ("@hourly")
     * @param zone where its hours and days are counted (UTC by default)
     * @throws IllegalArgumentException naming what is wrong with the expression or the zone
     */
    public static Schedule of(String expression, String zone) {
        String cron = PRESETS.getOrDefault(expression.trim().toLowerCase(java.util.Locale.ROOT), expression.trim());
        if (cron.startsWith("@")) {
            throw new IllegalArgumentException("unknown schedule preset '" + expression + "': " + String.join(", ", new java.util.TreeSet<>(PRESETS.keySet()))
                    + ", or a cron expression such as '*/5 * * * *'");
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "' (for example UTC or Europe/Paris)");
        }
        Cron parsed;
        try {
            parsed = PARSER.parse(cron);
            parsed.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression (five fields: minute hour day-of-month"
                    + " month day-of-week, e.g. '0 * * * *'; or a preset such as @hourly): " + e.getMessage());
        }
        return new Schedule(expression.trim(), zoneId, ExecutionTime.forCron(parsed));
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire time strictly after {@code instant}. */
    public Instant nextAfter(Instant instant) {
        return times.nextExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("the schedule " + expression + " never fires after " + instant));
    }

    /** The last fire time strictly before {@code instant}, if any. */
    public Optional<Instant> previousBefore(Instant instant) {
        return times.lastExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant);
    }

    /** The interval that starts at a fire time ({@code logicalDate}). */
    public Interval intervalStartingAt(Instant logicalDate) {
        return new Interval(logicalDate, nextAfter(logicalDate));
    }

    /** The interval that ends at a fire time. */
    public Interval intervalEndingAt(Instant end) {
        return new Interval(previousBefore(end).orElse(end), end);
    }

    /** The logical dates (interval starts) of the schedule from {@code from} to {@code to}, both included, oldest first. */
    public List<Instant> logicalDatesBetween(Instant from, Instant to) {
        List<Instant> dates = new ArrayList<>();
        Instant fire = isFireTime(from) ? from : nextAfter(from);
        while (!fire.isAfter(to)) {
            dates.add(fire);
            fire = nextAfter(fire);
        }
        return dates;
    }

    private boolean isFireTime(Instant instant) {
        return times.isMatch(ZonedDateTime.ofInstant(instant, zone));
    }

    @Override
    public String toString() {
        return expression + (zone.getId().equals("UTC") ? "" : " (" + zone.getId() + ")");
    }
}
