package dev.lakehouse.runtime.api;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.spark.pipeline.NessieBranches;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed on a branch, for the console's Branches page:
 * <ul>
 * <li>{@code GET /api/branches/{name}/changes?max=N}: the commit log (as {@code /log}) with each commit's changed
 * tables: {@code changes: [{operation: PUT|DELETE, key: "ns.table", contentType}]};</li>
 * <li>{@code GET /api/branches/{name}/diff?with=OTHER}: what the branch has that OTHER has not:
 * {@code added}, {@code removed} and {@code changed} keys ({@code {name, type}}), relative to OTHER.</li>
 * </ul>
 */
final class BranchChangesApi {
    private BranchChangesApi() {
    }

    static void addRoutes(Router router, Lakehouse lakehouse) {
        router.get("/api/branches/{name}/changes", exchange -> {
            int max = max(exchange);
            exchange.json(200, ControlApi.branchCall(() -> ControlApi.branches(lakehouse).logWithChanges(exchange.path("name"), max)));
        }).get("/api/branches/{name}/diff", exchange -> {
            String other = exchange.query("with").filter(with -> !with.isBlank())
                    .orElseThrow(() -> HttpError.badRequest("the request needs ?with=: the branch or tag to compare with"));
            String branch = exchange.path("name");
            List<NessieBranches.Difference> differences = ControlApi.branchCall(() -> ControlApi.branches(lakehouse).diff(branch, other));
            List<Map<String, Object>> added = new ArrayList<>();
            List<Map<String, Object>> removed = new ArrayList<>();
            List<Map<String, Object>> changed = new ArrayList<>();
            for (NessieBranches.Difference difference : differences) {
                if (difference.fromType() == null) {
                    added.add(Map.of("name", difference.key(), "type", difference.toType()));
                } else if (difference.toType() == null) {
                    removed.add(Map.of("name", difference.key(), "type", difference.fromType()));
                } else if (!difference.sameContent()) {
                    changed.add(Map.of("name", difference.key(), "type", difference.toType()));
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("branch", branch);
            answer.put("with", other);
            answer.put("added", added);
            answer.put("removed", removed);
            answer.put("changed", changed);
            exchange.json(200, answer);
        });
    }

    private static int max(ApiExchange exchange) {
        String given = exchange.query("max").orElse("20");
        try {
            int max = Integer.parseInt(given);
            if (max >= 1 && max <= 500) {
                return max;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw HttpError.badRequest("max must be a whole number from 1 to 500, not " + given);
    }
}
