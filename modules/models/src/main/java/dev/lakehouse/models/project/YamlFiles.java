package dev.lakehouse.models.project;

import dev.lakehouse.models.ModelsException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;
import java.util.Map;

/**
 * Reads YAML as dbt does (YAML 1.1, safe types only, no duplicate keys) into {@link YamlMap}s and
 * {@link YamlList}s that remember their lines.
 */
public final class YamlFiles {
    private YamlFiles() {
    }

    /**
     * Parses {@code text}; an empty document is an empty mapping.
     *
     * @param file the file relative to the project, for messages
     * @throws ModelsException naming the file and line of a syntax error, or when the document is not a mapping
     */
    public static YamlMap parse(String text, String file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(200);
        Yaml yaml = new Yaml(new LinedConstructor(options, file));
        Object document;
        try {
            document = yaml.load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("not valid YAML");
            throw ModelsException.in(file, mark == null ? 0 : mark.getLine() + 1, "not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw ModelsException.in(file, 0, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (document == null) {
            return new YamlMap(file, 1);
        }
        if (document instanceof YamlMap map) {
            return map;
        }
        throw ModelsException.in(file, 1, "expected a mapping of keys to values at the top of the file, found " + YamlMap.describe(document));
    }

    /** Builds our line-keeping collections instead of plain maps and lists. */
    private static final class LinedConstructor extends SafeConstructor {
        private final String file;

        LinedConstructor(LoaderOptions options, String file) {
            super(options);
            this.file = file;
        }

        @Override
        protected Map<Object, Object> constructMapping(MappingNode node) {
            YamlMap map = new YamlMap(file, line(node));
            constructMapping2ndStep(node, map);
            for (NodeTuple tuple : node.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    map.keyLine(key.getValue(), line(key));
                }
            }
            return map;
        }

        @Override
        protected List<?> constructSequence(SequenceNode node) {
            YamlList list = new YamlList(file, line(node));
            for (Node child : node.getValue()) {
                list.add(constructObject(child));
                list.itemLine(line(child));
            }
            return list;
        }

        private static int line(Node node) {
            return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        }
    }
}
