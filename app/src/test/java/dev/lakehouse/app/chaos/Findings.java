package dev.lakehouse.app.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment counted (in the order counted) and each problem it saw, in words. A count named like a fault
 * ("lost", "duplicated"...) is expected to be 0; {@link #problems()} says what was wrong, one line each.
 */
final class Findings {
    private final Map<String, Double> counts = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    synchronized void count(String metric, double value, String unit) {
        counts.put(metric, value);
        units.put(metric, unit);
    }

    synchronized void problem(String problem) {
        problems.add(problem);
    }

    /** Records why {@code loop} ended while the lakehouse was up, if it did. */
    void problemIfFailedWhileUp(Loop loop) {
        String failure = loop.failureWhileUp();
        if (failure != null) {
            problem(failure);
        }
    }

    synchronized Map<String, Double> counts() {
        return Map.copyOf(counts);
    }

    synchronized double count(String metric) {
        return counts.getOrDefault(metric, Double.NaN);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Adds every count to the results table under {@code section}; a count of a fault gets the target 0. */
    synchronized void addTo(dev.lakehouse.app.bench.Results results, String section, List<String> faults) {
        counts.forEach((metric, value) -> results.add(section, metric, value, units.get(metric),
                faults.contains(metric) ? "0" : "", ""));
    }
}
