package dev.lakehouse.kafka;

import dev.lakehouse.spi.Service;
import dev.lakehouse.spi.ServiceContext;
import dev.lakehouse.spi.ServiceFactory;
import org.apache.kafka.common.utils.AppInfoParser;

/** The "kafka" component: one KRaft node, broker and controller. */
public final class KafkaServiceFactory implements ServiceFactory {
    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Kafka " + AppInfoParser.getVersion() + " (KRaft)";
    }

    @Override
    public Service create(ServiceContext context) {
        return new KafkaService(BrokerConfig.from(context.config()), context);
    }
}
