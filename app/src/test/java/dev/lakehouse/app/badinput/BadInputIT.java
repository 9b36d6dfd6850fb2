package dev.lakehouse.app.badinput;

import dev.lakehouse.app.it.LakehouseProcess;
import dev.lakehouse.app.it.SharedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * Issue 16, part 3: every bad-input case against the running stack, one dynamic test each. After each case /health is
 * 200 and the canaries written before the first case (an object, a table, a branch, a topic) are unchanged.
 */
@SharedStack(services = "catalog,kafka,trino,spark,flows")
class BadInputIT {
    private static DamageCheck damage;

    @TestFactory
    Stream<DynamicTest> everyBadInputIsAClearErrorAndDamagesNothing(LakehouseProcess lakehouse) throws Exception {
        Stack stack = Stack.of(lakehouse);
        damage = DamageCheck.writeCanaries(stack);
        java.util.List<BadInputCase> cases = BadInputCases.of(stack);
        return java.util.stream.IntStream.range(0, cases.size()).mapToObj(i -> {
            BadInputCase c = cases.get(i);
            return DynamicTest.dynamicTest(c.component() + ": " + c.name(), () -> {
                c.run();
                // the table's rows are read through Trino after SQL and every tenth case; the other checks run after each
                damage.verify("after \"" + c.name() + "\"", c.component().startsWith("sql") || i % 10 == 9 || i == cases.size() - 1);
            });
        });
    }

    @AfterAll
    static void closeClients() throws Exception {
        if (damage != null) {
            damage.close();
        }
    }
}
