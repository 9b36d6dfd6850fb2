package dev.lakehouse.app.sql;

import dev.lakehouse.spi.sql.SqlResult;
import dev.lakehouse.spi.sql.SqlSession;
import dev.lakehouse.spi.sql.SqlSessionFactory;

import java.net.URI;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * A SQL session whose client lives in an isolated module (the Spark Connect client): every call runs
 * with the module's class loader as the thread's context class loader, as its libraries expect.
 */
public final class ModuleSqlSession implements SqlSession {
    private final ClassLoader module;
    private final SqlSession delegate;

    private ModuleSqlSession(ClassLoader module, SqlSession delegate) {
        this.module = module;
        this.delegate = delegate;
    }

    public static SqlSession open(ClassLoader module, String protocol, URI endpoint) throws Exception {
        SqlSessionFactory factory = ServiceLoader.load(SqlSessionFactory.class, module).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.protocol().equals(protocol))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no SQL client for " + protocol + " in its module"));
        return new ModuleSqlSession(module, inModule(module, () -> factory.open(endpoint)));
    }

    @Override
    public SqlResult execute(String statement) throws Exception {
        return inModule(module, () -> delegate.execute(statement));
    }

    @Override
    public String engine() {
        return delegate.engine();
    }

    @Override
    public void close() throws Exception {
        inModule(module, () -> {
            delegate.close();
            return null;
        });
    }

    private static <T> T inModule(ClassLoader module, Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(module);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
