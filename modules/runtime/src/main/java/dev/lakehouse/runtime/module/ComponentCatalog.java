package dev.lakehouse.runtime.module;

import dev.lakehouse.launcher.Launcher;
import dev.lakehouse.launcher.PayloadCache;
import dev.lakehouse.spi.ServiceFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the components there are: the isolated server modules, each from its folder of jars, and the
 * components on the application class path (found with ServiceLoader). Server modules come from the
 * unpacked payload of lakehouse.jar (system property lakehouse.home) or, in a test or an IDE, from
 * module bundles on the class path, which are unpacked into the cache once.
 */
public final class ComponentCatalog {
    /** The index file at the root of each module bundle (see modules/module-bundle.xml). */
    static final String BUNDLE_INDEX = "lakehouse-module.properties";
    private static final String BUNDLE_PREFIX = "lakehouse/modules/";
    private static final String MODULE_JAR_PREFIX = "dev.lakehouse.";

    private final Map<String, Component> components;
    private final Map<String, ModuleClassLoader> modules;
    private final Map<String, Path> directories;

    private ComponentCatalog(Map<String, Component> components, Map<String, ModuleClassLoader> modules, Map<String, Path> directories) {
        this.components = Collections.unmodifiableMap(components);
        this.modules = Collections.unmodifiableMap(modules);
        this.directories = Collections.unmodifiableMap(directories);
    }

    public static ComponentCatalog discover(ClassLoader host) {
        Map<String, Component> found = new TreeMap<>();
        for (ServiceFactory factory : ServiceLoader.load(ServiceFactory.class, host)) {
            found.put(factory.name(), new Component(factory, host, false));
        }
        Map<String, ModuleClassLoader> modules = new TreeMap<>();
        Map<String, Path> directories = moduleDirectories(host);
        directories.forEach((name, dir) -> {
            ModuleClassLoader loader = loader(name, dir, host);
            modules.put(name, loader);
            factory(name, dir, loader).ifPresent(factory -> found.put(name, new Component(factory, loader, true)));
        });
        return new ComponentCatalog(found, modules, directories);
    }

    /** The components (modules with a ServiceFactory, and host ones), by name, in name order. */
    public Map<String, Component> components() {
        return components;
    }

    /**
     * The class loader of an isolated module, a component or a client library (the Spark Connect client).
     *
     * @throws IllegalStateException when no such module travels with this lakehouse
     */
    public ClassLoader module(String name) {
        ModuleClassLoader loader = modules.get(name);
        if (loader == null) {
            throw new IllegalStateException("no module named " + name + " (modules: " + modules.keySet() + ")");
        }
        return loader;
    }

    /**
     * The folder of a module's jars, for a library another engine loads in a class loader of its own (Spark's Hive
     * client); empty when no such module travels with this lakehouse.
     */
    public Optional<Path> moduleDirectory(String name) {
        return Optional.ofNullable(directories.get(name));
    }

    private static Map<String, Path> moduleDirectories(ClassLoader host) {
        String home = System.getProperty(Launcher.HOME_PROPERTY);
        return home != null ? installedModules(Path.of(home, "modules")) : bundlesOnClassPath(host);
    }

    private static Map<String, Path> installedModules(Path modulesDir) {
        Map<String, Path> result = new TreeMap<>();
        if (Files.isDirectory(modulesDir)) {
            try (Stream<Path> dirs = Files.list(modulesDir)) {
                dirs.filter(Files::isDirectory).forEach(dir -> result.put(dir.getFileName().toString(), dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    private static Map<String, Path> bundlesOnClassPath(ClassLoader host) {
        Map<String, Path> result = new TreeMap<>();
        try {
            Enumeration<URL> indexes = host.getResources(BUNDLE_INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                String name = bundleName(index);
                Path bundle = bundleJar(index);
                result.put(name, PayloadCache.unpack(bundle, BUNDLE_PREFIX + name + "/",
                        PayloadCache.defaultRoot().resolve(PayloadCache.MODULES_FOLDER), name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack a module bundle: " + e.getMessage(), e);
        }
        return result;
    }

    private static String bundleName(URL index) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = index.openStream()) {
            properties.load(in);
        }
        String name = properties.getProperty("name");
        if (name == null || name.isBlank()) {
            throw new IOException(index + " names no module");
        }
        return name;
    }

    private static Path bundleJar(URL index) throws IOException {
        if (!"jar".equals(index.getProtocol())) {
            throw new IOException("a module bundle must be a jar, but " + index + " is not in one");
        }
        JarURLConnection connection = (JarURLConnection) index.openConnection();
        connection.setUseCaches(false);
        try {
            return Path.of(connection.getJarFileURL().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /**
     * The module's class loader starts from the module's own jar (named dev.lakehouse.*); its manifest
     * Class-Path lists the dependencies in Maven's order, so the loader sees them as the build did.
     */
    private static ModuleClassLoader loader(String name, Path dir, ClassLoader host) {
        List<Path> mainJars;
        try (Stream<Path> files = Files.list(dir)) {
            mainJars = files.filter(f -> f.getFileName().toString().startsWith(MODULE_JAR_PREFIX)
                    && f.getFileName().toString().endsWith(".jar")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (mainJars.size() != 1) {
            throw new IllegalStateException("module " + name + " in " + dir + " must hold exactly one "
                    + MODULE_JAR_PREFIX + "* jar, found " + mainJars);
        }
        try {
            return new ModuleClassLoader(name, List.of(mainJars.getFirst().toUri().toURL()), host);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A component module holds one ServiceFactory; a library module (a client) holds none. */
    private static java.util.Optional<ServiceFactory> factory(String name, Path dir, ModuleClassLoader loader) {
        List<ServiceFactory> factories = ServiceLoader.load(ServiceFactory.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.getClass().getClassLoader() == loader)
                .toList();
        if (factories.size() > 1) {
            throw new IllegalStateException("module " + name + " in " + dir + " holds " + factories.size() + " "
                    + ServiceFactory.class.getName() + "s; a module is one component");
        }
        return factories.stream().findFirst();
    }
}
