package dev.lakehouse.runtime.api;

import dev.lakehouse.runtime.Lakehouse;

/**
 * {@code GET /api/consumer-groups}: Kafka's consumer groups with their state, members and lag per topic and partition
 * (end offset minus committed offset), for the console's Streams page.
 */
final class ConsumerGroupsApi {
    private ConsumerGroupsApi() {
    }

    static void addRoutes(Router router, Lakehouse lakehouse) {
        router.get("/api/consumer-groups", exchange -> {
            try {
                exchange.json(200, lakehouse.topics().consumerGroups());
            } catch (IllegalStateException e) {
                throw HttpError.unavailable(e.getMessage());
            }
        });
    }
}
