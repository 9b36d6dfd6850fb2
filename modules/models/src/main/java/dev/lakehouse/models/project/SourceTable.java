package dev.lakehouse.models.project;

import java.util.List;
import java.util.Map;

/** A table of a {@code sources:} entry: what {@code source('shop', 'orders')} reads. */
public record SourceTable(String uniqueId, String sourceName, String name, String identifier, String schema,
                          String database, String description, String sourceDescription, String loader,
                          Map<String, Node.Column> columns, List<String> tags, Map<String, Object> meta,
                          List<String> fqn, String file, int line) {
}
