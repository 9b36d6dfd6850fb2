package dev.lakehouse.app.badinput;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The checks the cases share: a status among the allowed ones, a body that says what was wrong, no stack trace. */
final class Expect {
    private Expect() {
    }

    /** A 4xx (one of {@code statuses}) whose body contains each of {@code words} and no Java stack trace. */
    static void answer(String what, int status, String body, Set<Integer> statuses, String... words) {
        if (!statuses.contains(status)) {
            throw new AssertionError(what + ": expected status " + statuses + " but got " + status + ": " + Commands.abbreviate(body));
        }
        clear(what, body, words);
    }

    static void clear(String what, String body, String... words) {
        for (String word : words) {
            if (!body.toLowerCase().contains(word.toLowerCase())) {
                throw new AssertionError(what + ": the answer does not say " + Arrays.toString(words) + ": " + Commands.abbreviate(body));
            }
        }
        if (body.contains("\tat ") || body.matches("(?s).*\\bat [a-z]+\\.[a-zA-Z.$]+\\([A-Za-z]+\\.java:\\d+\\).*")) {
            throw new AssertionError(what + ": the answer is a stack trace: " + Commands.abbreviate(body));
        }
    }

    static Set<Integer> statuses(int... values) {
        return Arrays.stream(values).boxed().collect(Collectors.toSet());
    }
}
