package dev.lakehouse.app.badinput;

import dev.lakehouse.app.it.LakehouseProcess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Every bad-input case for a running stack: the cases of each service it runs, then configuration and command line. */
public final class BadInputCases {
    private BadInputCases() {
    }

    public static List<BadInputCase> of(LakehouseProcess lakehouse) throws IOException {
        return of(Stack.of(lakehouse));
    }

    public static List<BadInputCase> of(Stack stack) {
        List<BadInputCase> cases = new ArrayList<>(S3Cases.of(stack));
        if (stack.nessie() != null) {
            cases.addAll(CatalogCases.of(stack));
        }
        if (stack.kafka() != null) {
            cases.addAll(KafkaCases.of(stack));
        }
        cases.addAll(SqlCases.of(stack));
        cases.addAll(ConfigAndCliCases.of(stack));
        return List.copyOf(cases);
    }
}
