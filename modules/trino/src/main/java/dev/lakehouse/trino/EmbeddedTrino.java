package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.bootstrap.LifeCycleManager;
import io.airlift.http.server.HttpServerModule;
import io.airlift.jaxrs.JaxrsModule;
import io.airlift.json.JsonModule;
import io.airlift.node.NodeModule;
import io.airlift.tracing.TracingModule;
import io.trino.connector.CatalogManagerModule;
import io.trino.connector.CatalogStoreManager;
import io.trino.connector.ConnectorServicesProvider;
import io.trino.eventlistener.EventListenerManager;
import io.trino.eventlistener.EventListenerModule;
import io.trino.exchange.ExchangeManagerModule;
import io.trino.exchange.ExchangeManagerRegistry;
import io.trino.execution.resourcegroups.ResourceGroupManager;
import io.trino.execution.warnings.WarningCollectorModule;
import io.trino.metadata.CatalogManager;
import io.trino.node.Announcer;
import io.trino.node.NodeManagerModule;
import io.trino.security.AccessControlManager;
import io.trino.security.AccessControlModule;
import io.trino.security.GroupProviderManager;
import io.trino.server.NodeStateManager;
import io.trino.server.NodeStateManager.CurrentNodeState;
import io.trino.server.PluginInstaller;
import io.trino.server.PrefixObjectNameGeneratorModule;
import io.trino.server.ServerConfig;
import io.trino.server.ServerMainModule;
import io.trino.server.SessionPropertyDefaults;
import io.trino.server.ShutdownAction;
import io.trino.server.StartupStatus;
import io.trino.server.protocol.spooling.SpoolingManagerRegistry;
import io.trino.server.security.CertificateAuthenticatorManager;
import io.trino.server.security.HeaderAuthenticatorManager;
import io.trino.server.security.PasswordAuthenticatorManager;
import io.trino.server.security.ServerSecurityModule;
import io.trino.server.security.oauth2.OAuth2Client;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.ConnectorName;
import io.trino.transaction.TransactionManagerModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weakref.jmx.guice.MBeanModule;

import javax.management.MBeanServerFactory;
import javax.management.MBeanServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The start-up sequence of a Trino server (io.trino.server.Server#doStart) for a Trino that is a guest in
 * this JVM. Differences, each for the host's sake: nothing calls System.exit (Server does on any failed
 * check, and Trino's default shutdown action does); logging is left to the host (no
 * Logging.initialize, which replaces java.util.logging's handlers and System.out/err); JMX beans go to a
 * private MBeanServer; -D system properties are not read as Trino configuration; the default Locale is
 * left alone. The steps after the injector are Server's, in its order.
 */
final class EmbeddedTrino implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTrino.class);

    private final String version;
    private Injector injector;
    private LifeCycleManager lifeCycleManager;

    EmbeddedTrino(String version) {
        this.version = version;
    }

    /**
     * @param properties what a server's etc/config.properties and node.properties would hold
     * @param passwordAuthenticator checks passwords when http-server.authentication.type is PASSWORD (instead of
     *        the etc/password-authenticator.properties a server reads)
     * @throws io.airlift.bootstrap.ApplicationConfigurationException for a bad or unknown property, before
     *         any thread or port is taken
     */
    void start(Map<String, String> properties, Optional<io.trino.spi.security.PasswordAuthenticator> passwordAuthenticator) throws Exception {
        List<Module> modules = ImmutableList.of(
                new NodeModule(),
                new HttpServerModule(),
                new JsonModule(),
                new JaxrsModule(),
                new MBeanModule(),
                new PrefixObjectNameGeneratorModule("io.trino"),
                // instead of JmxModule (the platform MBeanServer), JmxOpenMetricsModule and LogJmxModule (whose
                // provider calls Logging.initialize())
                binder -> binder.bind(MBeanServer.class).toInstance(MBeanServerFactory.newMBeanServer()),
                new TracingModule("trino", version),
                new ServerSecurityModule(),
                new AccessControlModule(),
                new EventListenerModule(),
                new ExchangeManagerModule(),
                new CatalogManagerModule(),
                new TransactionManagerModule(),
                new NodeManagerModule(version),
                new ServerMainModule(version),
                // instead of NodeStateManagerModule: its DefaultShutdownAction calls System.exit(0)
                binder -> {
                    binder.bind(ShutdownAction.class).toInstance(() -> {
                        LOG.warn("Trino was asked to shut down (PUT /v1/info/state); stopping the trino component only");
                        Thread.ofPlatform().name("trino-shutdown").start(this::close);
                    });
                    binder.bind(CurrentNodeState.class).in(Scopes.SINGLETON);
                    binder.bind(NodeStateManager.class).in(Scopes.SINGLETON);
                },
                new WarningCollectorModule());
        injector = new Bootstrap("io.trino.bootstrap.engine", modules)
                .doNotInitializeLogging()
                .disableSystemProperties()
                .quiet()
                .setRequiredConfigurationProperties(properties)
                .initialize();
        lifeCycleManager = injector.getInstance(LifeCycleManager.class);
        try {
            injector.getInstance(PluginInstaller.class).loadPlugins();
            injector.getInstance(Key.get(new TypeLiteral<Optional<CatalogStoreManager>>() { }))
                    .ifPresent(CatalogStoreManager::loadConfiguredCatalogStore);
            injector.getInstance(ConnectorServicesProvider.class).loadInitialCatalogs();
            injector.getInstance(SessionPropertyDefaults.class).loadConfigurationManager();
            injector.getInstance(ResourceGroupManager.class).loadConfigurationManager();
            injector.getInstance(AccessControlManager.class).loadSystemAccessControl();
            Optional<PasswordAuthenticatorManager> passwords = injector.getInstance(Key.get(new TypeLiteral<Optional<PasswordAuthenticatorManager>>() { }));
            if (passwordAuthenticator.isPresent()) {
                passwords.orElseThrow(() -> new IllegalStateException("a password authenticator without http-server.authentication.type=PASSWORD"))
                        .setAuthenticators(passwordAuthenticator.get());
            } else {
                passwords.ifPresent(PasswordAuthenticatorManager::loadPasswordAuthenticator);
            }
            injector.getInstance(GroupProviderManager.class).loadConfiguredGroupProvider();
            injector.getInstance(ExchangeManagerRegistry.class).loadExchangeManager();
            injector.getInstance(SpoolingManagerRegistry.class).loadSpoolingManager();
            injector.getInstance(CertificateAuthenticatorManager.class).loadCertificateAuthenticator();
            injector.getInstance(Key.get(new TypeLiteral<Optional<HeaderAuthenticatorManager>>() { }))
                    .ifPresent(HeaderAuthenticatorManager::loadHeaderAuthenticator);
            if (injector.getInstance(ServerConfig.class).isCoordinator()) {
                injector.getInstance(EventListenerManager.class).loadEventListeners();
            }
            injector.getInstance(Key.get(new TypeLiteral<Optional<OAuth2Client>>() { })).ifPresent(OAuth2Client::load);
            injector.getInstance(Announcer.class).start();
            injector.getInstance(StartupStatus.class).startupComplete();
        } catch (Throwable t) {
            close();
            throw t;
        }
    }

    /** CREATE CATALOG, programmatically (the catalog store is in memory: the lakehouse's configuration is the store). */
    void createCatalog(String name, String connector, Map<String, String> properties) {
        injector.getInstance(CatalogManager.class).createCatalog(new CatalogName(name), new ConnectorName(connector), properties, false);
    }

    void dropCatalog(String name) {
        injector.getInstance(CatalogManager.class).dropCatalog(new CatalogName(name), true);
    }

    /** The coordinator's dispatcher: its queries and their statistics, for /metrics. */
    io.trino.dispatcher.DispatchManager dispatchManager() {
        return injector.getInstance(io.trino.dispatcher.DispatchManager.class);
    }

    java.util.Set<String> catalogNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        injector.getInstance(CatalogManager.class).getCatalogNames().forEach(name -> names.add(name.toString()));
        return names;
    }

    @Override
    public synchronized void close() {
        if (lifeCycleManager != null) {
            try {
                lifeCycleManager.stop();
            } catch (Exception e) {
                LOG.warn("Trino did not stop cleanly", e);
            }
            lifeCycleManager = null;
        }
    }
}
