package dev.lakehouse.models.run;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** dbt's console lines: a time, then {@code 1 of 5 START sql view model shop.orders ....... [RUN]}. */
final class Lines {
    /** dbt's default printer width. */
    static final int WIDTH = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Lines() {
    }

    /** A line as dbt prints it: the time, two spaces, the text. */
    static String timed(String text) {
        return LocalTime.now().format(TIME) + "  " + text;
    }

    /** {@code <i> of <n> <message> } padded with dots to the printer width, then {@code [STATUS in 0.42s]}. */
    static String fancy(int index, int total, String message, String status, Double seconds) {
        String prefix = index + " of " + total + " " + message + " ";
        StringBuilder justified = new StringBuilder(prefix);
        while (justified.length() < WIDTH) {
            justified.append('.');
        }
        String time = seconds == null ? "" : String.format(Locale.ROOT, " in %.2fs", seconds);
        return justified + " [" + status + time + "]";
    }

    /** "1 view model", "3 data tests". */
    static String plural(long count, String what) {
        return count + " " + what + (count == 1 ? "" : "s");
    }

    /** dbt's "0 hours 0 minutes and 2.34 seconds (2.34s)". */
    static String elapsed(double seconds) {
        long hours = (long) (seconds / 3600);
        long minutes = (long) ((seconds % 3600) / 60);
        double rest = seconds % 60;
        return String.format(Locale.ROOT, "%d hours %d minutes and %.2f seconds (%.2fs)", hours, minutes, rest, seconds);
    }
}
