package dev.lakehouse.spi;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Helps an error message about a mistyped key point at the key that was meant. */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /** The candidate closest to {@code key} by edit distance, if it is close enough to be a likely typo. */
    public static Optional<String> closest(String key, Collection<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt(candidate -> distance(candidate, key)))
                .filter(best -> distance(best, key) <= Math.max(2, key.length() / 3));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
