package dev.lakehouse.runtime.module;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one server module: its own jars first and only, on top of the platform class
 * loader, so that its Jackson, Guava, Jetty or Netty never meet another module's. The only classes it
 * takes from the host are the SPI (so the host can call it) and the logging APIs, SLF4J and Log4j 2 (so it
 * logs through the process's one logging set-up into the run's log file).
 */
public final class ModuleClassLoader extends URLClassLoader {
    private static final List<String> SHARED_PACKAGES = List.of("dev.lakehouse.spi.", "org.slf4j.", "org.apache.logging.log4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    public ModuleClassLoader(String moduleName, List<URL> jars, ClassLoader host) {
        super("lakehouse-" + moduleName, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String shared : SHARED_PACKAGES) {
            if (name.startsWith(shared)) {
                return host.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }
}
