package dev.lakehouse.catalog.nessie;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.util.TypeLiteral;
import org.projectnessie.services.authz.AbstractBatchAccessChecker;
import org.projectnessie.services.authz.AccessContext;
import org.projectnessie.services.authz.Authorizer;
import org.projectnessie.services.config.ExceptionConfig;
import org.projectnessie.services.config.ServerConfig;
import org.projectnessie.versioned.VersionStore;

/**
 * The beans Nessie's REST services inject, which its Quarkus server would produce: the server
 * configuration, the version store, and an authorizer that allows everything (a local, single-user
 * stack: the network boundary is the bind address).
 */
final class NessieBeans implements Extension {
    private final VersionStore versionStore;
    private final String defaultBranch;

    NessieBeans(VersionStore versionStore, String defaultBranch) {
        this.versionStore = versionStore;
        this.defaultBranch = defaultBranch;
    }

    void afterBeanDiscovery(@Observes AfterBeanDiscovery event) {
        ServerConfig config = new ServerConfig() {
            @Override
            public String getDefaultBranch() {
                return defaultBranch;
            }

            @Override
            public boolean sendStacktraceToClient() {
                return false;
            }
        };
        event.addBean().addType(ServerConfig.class).addQualifier(Default.Literal.INSTANCE)
                .scope(ApplicationScoped.class).produceWith(instance -> config);
        event.addBean().addType(ExceptionConfig.class).addQualifier(Default.Literal.INSTANCE)
                .scope(ApplicationScoped.class).produceWith(instance -> config);
        event.addBean().addType(new TypeLiteral<VersionStore>() { }).addQualifier(Default.Literal.INSTANCE)
                .scope(ApplicationScoped.class).produceWith(instance -> versionStore);
        Authorizer allowAll = (context, apiContext) -> AbstractBatchAccessChecker.NOOP_ACCESS_CHECKER;
        event.addBean().addType(Authorizer.class).addQualifier(Default.Literal.INSTANCE)
                .scope(ApplicationScoped.class).produceWith(instance -> allowAll);
        AccessContext anonymous = () -> null;
        event.addBean().addType(AccessContext.class).addQualifier(Default.Literal.INSTANCE)
                .scope(RequestScoped.class).produceWith(instance -> anonymous);
    }
}
