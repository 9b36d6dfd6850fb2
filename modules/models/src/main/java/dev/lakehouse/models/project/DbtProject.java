package dev.lakehouse.models.project;

import dev.lakehouse.models.ModelsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * dbt_project.yml: the project's name, where its files are, its vars and its config trees. No profile is read:
 * the lakehouse is the warehouse.
 */
public record DbtProject(Path root, String name, String version, List<String> modelPaths, List<String> seedPaths,
                         List<String> testPaths, List<String> macroPaths, List<String> docsPaths, String targetPath,
                         YamlMap vars, ConfigTree models, ConfigTree seeds, ConfigTree tests, YamlMap raw) {
    public static final String FILE = "dbt_project.yml";
    private static final Pattern NAME = Pattern.compile("^[^\\d\\W]\\w*$", Pattern.UNICODE_CHARACTER_CLASS);

    /** Reads the settings from the parsed file. */
    public static DbtProject of(Path root, YamlMap yaml) {
        String name = yaml.text("name");
        if (name == null || name.isBlank()) {
            throw yaml.error("name", FILE + " needs a name: (the project's name, e.g. name: shop)");
        }
        if (!NAME.matcher(name).matches()) {
            throw yaml.error("name", "the project's name '" + name + "' must be a valid identifier (letters, digits and _, not starting with a digit)");
        }
        String configVersion = yaml.text("config-version");
        if (configVersion != null && !configVersion.equals("2")) {
            throw yaml.error("config-version", "config-version " + configVersion + " is not supported: dbt 1.x projects use config-version: 2");
        }
        List<String> modelPaths = paths(yaml, "model-paths", "source-paths", "models");
        List<String> seedPaths = paths(yaml, "seed-paths", "data-paths", "seeds");
        List<String> testPaths = paths(yaml, "test-paths", null, "tests");
        List<String> macroPaths = paths(yaml, "macro-paths", null, "macros");
        List<String> docsPaths = new ArrayList<>();
        if (yaml.containsKey("docs-paths")) {
            docsPaths.addAll(paths(yaml, "docs-paths", null, "docs"));
        } else {
            docsPaths.addAll(modelPaths);
            docsPaths.addAll(seedPaths);
            docsPaths.addAll(testPaths);
            docsPaths.addAll(macroPaths);
        }
        if (yaml.containsKey("data_tests") && yaml.containsKey("tests")) {
            throw yaml.error("tests", FILE + " has both data_tests: and tests: (they are the same thing; keep data_tests:)");
        }
        YamlMap tests = yaml.containsKey("data_tests") ? yaml.map("data_tests") : yaml.map("tests");
        return new DbtProject(root, name, yaml.text("version"), modelPaths, seedPaths, testPaths, macroPaths, docsPaths,
                yaml.text("target-path", "target"), yaml.map("vars"), new ConfigTree(yaml.map("models")),
                new ConfigTree(yaml.map("seeds")), new ConfigTree(tests), yaml);
    }

    private static List<String> paths(YamlMap yaml, String key, String oldKey, String fallback) {
        String used = yaml.containsKey(key) ? key : oldKey != null && yaml.containsKey(oldKey) ? oldKey : null;
        if (used == null) {
            return List.of(fallback);
        }
        List<String> paths = new ArrayList<>();
        YamlList list = yaml.list(used);
        for (int i = 0; i < list.size(); i++) {
            String path = String.valueOf(list.get(i)).replace('\\', '/');
            if (path.startsWith("/") || path.contains("..")) {
                throw ModelsException.in(FILE, list.line(i), used + ": '" + path + "' must be a folder inside the project");
            }
            paths.add(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }
        return paths;
    }
}
