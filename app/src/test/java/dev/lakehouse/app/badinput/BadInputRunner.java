package dev.lakehouse.app.badinput;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs every case against a stack that is already running ({@code BadInputRunner <data-dir>}), printing one line per
 * case; exit 1 if any failed. For scripts/chaos and for trying cases without booting a stack each time.
 */
public final class BadInputRunner {
    private BadInputRunner() {
    }

    public static void main(String[] args) throws Exception {
        Stack stack = Stack.of(Path.of(args[0]));
        String only = args.length > 1 ? args[1] : "";
        int failed = 0;
        try (DamageCheck damage = DamageCheck.writeCanaries(stack)) {
            List<BadInputCase> cases = BadInputCases.of(stack);
            for (int i = 0; i < cases.size(); i++) {
                BadInputCase c = cases.get(i);
                if (!c.toString().contains(only)) {
                    continue;
                }
                long start = System.nanoTime();
                String outcome = "ok";
                try {
                    c.run();
                    damage.verify("after " + c.name(), c.component().startsWith("sql") || i % 10 == 9 || i == cases.size() - 1);
                } catch (AssertionError e) {
                    failed++;
                    outcome = "FAILED " + e.getMessage();
                }
                System.out.printf("%-8s %6d ms  %s: %s%n", c.component(), (System.nanoTime() - start) / 1_000_000, c.name(), outcome);
            }
            System.out.println(cases.size() + " cases, " + failed + " failed");
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
