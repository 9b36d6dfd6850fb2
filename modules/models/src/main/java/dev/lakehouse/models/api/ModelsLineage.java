package dev.lakehouse.models.api;

import dev.lakehouse.models.ModelsException;
import dev.lakehouse.models.graph.Dag;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeType;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.SourceTable;
import dev.lakehouse.models.project.Target;
import dev.lakehouse.runtime.api.HttpError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's lineage graph as dbt's docs draw it: sources, seeds, models and tests, and an edge from each node to
 * every node that reads it (a ref, a source(), the model a test checks). The project is parsed as a run parses it
 * (its Jinja rendered without running anything), so no engine is needed and nothing is built.
 */
final class ModelsLineage {
    private ModelsLineage() {
    }

    static Map<String, Object> of(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw HttpError.notFound("no folder " + directory + " (project is the folder of a dbt project, the one with dbt_project.yml)");
        }
        Project project;
        Dag dag;
        try {
            // the target only names relations here: the default catalog and the project's own schema, as a run on main
            project = ProjectLoader.load(directory, new Target("dev", "trino", "iceberg", null), Map.of());
            dag = Dag.of(project);
        } catch (ModelsException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (SourceTable source : project.sources().values()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", source.uniqueId());
            node.put("type", NodeType.SOURCE.label());
            node.put("name", source.sourceName() + "." + source.name());
            node.put("relation", source.schema() + "." + source.identifier());
            nodes.add(node);
        }
        for (Node model : project.nodes().values()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", model.uniqueId());
            node.put("type", model.type().label());
            node.put("name", model.name());
            if (model.type() == NodeType.MODEL || model.type() == NodeType.SEED) {
                node.put("relation", model.schema() + "." + model.alias());
                node.put("materialized", model.materialized());
            }
            node.put("file", model.originalFilePath());
            nodes.add(node);
        }
        List<Map<String, String>> edges = new ArrayList<>();
        dag.parentMap().forEach((child, parents) -> parents.forEach(parent -> edges.add(Map.of("from", parent, "to", child))));
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("project", project.name());
        lineage.put("directory", directory.toString());
        lineage.put("nodes", nodes);
        lineage.put("edges", edges);
        lineage.put("warnings", project.warnings());
        return lineage;
    }
}
