package io.bitdust.transport.internal;

import io.bitdust.common.DiskSize;
import io.bitdust.common.IdUrl;
import io.bitdust.common.NodeFolders;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.Payload;
import io.bitdust.transport.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a {@link PacketGateway} as the {@link Gateway} and feeds it the {@link Transport} and
 * {@link PacketHandler} services as they come and go, keyed by their service references and ordered by their
 * {@code service.ranking}.
 */
@Component(service = Gateway.class, immediate = true)
public final class GatewayComponent implements Gateway {
    /** The file in the data folder where received packets are remembered against replays across restarts. */
    static final String REPLAY_FILE = "replays.bin";
    /** The one transfer-time rule's speed: a packet may take 10 s plus its length at this speed (Frame#timeout). */
    static final Option MIN_TRANSFER_SPEED = Option.of("services/network/min-transfer-speed",
            OptionType.diskSpace(DiskSize.parse("16 KB"), DiskSize.parse("1 GB")), "256 KB",
            "Slowest transfer speed allowed, per second: a packet may take 10 s plus its length at this speed before "
                    + "the next contact is tried");
    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);

    private final PacketGateway gateway;
    private final ConfigService.Declaration declaration;
    private final ConfigService.Subscription subscription;

    /**
     * @param identity my identity
     * @param cache    peers' identities
     * @param keys     my keys
     * @param config   where the transfer speed option lives
     * @param context  the bundle's context, for the data folder
     */
    @Activate
    public GatewayComponent(@Reference IdentityService identity, @Reference IdentityCache cache,
            @Reference KeyRing keys, @Reference ConfigService config, BundleContext context) {
        this.declaration = config.declare(List.of(MIN_TRANSFER_SPEED));
        try {
            this.gateway = new PacketGateway(identity, cache, keys, Clock.systemUTC(), PacketGateway.Timeouts.DEFAULT,
                    PacketGateway.Limits.DEFAULT.replayFile(NodeFolders.data(context::getProperty)
                            .resolve(REPLAY_FILE)));
        } catch (RuntimeException e) {
            declaration.close();
            throw e;
        }
        gateway.minTransferSpeed(config.getBytes(MIN_TRANSFER_SPEED.key()));
        this.subscription = config.subscribe(MIN_TRANSFER_SPEED.key(),
                change -> gateway.minTransferSpeed(DiskSize.parse(change.value()).bytes()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(ServiceReference<Transport> reference, Transport transport) {
        Object property = reference.getProperty(Transport.PROTOCOL_PROPERTY);
        if (!transport.protocol().equals(property)) {
            LOG.warn("Transport service {} has {}={}, but its protocol is {}", serviceId(reference),
                    Transport.PROTOCOL_PROPERTY, property, transport.protocol());
        }
        gateway.addTransport(reference, serviceId(reference), ranking(reference), transport);
    }

    void unbindTransport(ServiceReference<Transport> reference) {
        gateway.removeTransport(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHandler(ServiceReference<PacketHandler> reference, PacketHandler handler) {
        Set<Command> commands = EnumSet.noneOf(Command.class);
        for (String name : names(reference.getProperty(PacketHandler.COMMANDS_PROPERTY))) {
            try {
                commands.add(Command.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                LOG.warn("Packet handler {} names the unknown command '{}'", serviceId(reference), name);
            }
        }
        Object concurrency = reference.getProperty(PacketHandler.CONCURRENCY_PROPERTY);
        int bound = PacketHandler.DEFAULT_CONCURRENCY;
        if (concurrency instanceof Integer && (Integer) concurrency > 0) {
            bound = (Integer) concurrency;
        } else if (concurrency != null) {
            LOG.warn("Packet handler {} has {}={}, not a positive Integer; using {}", serviceId(reference),
                    PacketHandler.CONCURRENCY_PROPERTY, concurrency, bound);
        }
        gateway.addHandler(reference, ranking(reference), bound, commands, handler);
    }

    void unbindHandler(ServiceReference<PacketHandler> reference) {
        gateway.removeHandler(reference);
    }

    @Deactivate
    void stop() {
        subscription.close();
        gateway.close();
        declaration.close();
    }

    @Override
    public Packet packet(Command command, IdUrl remote, byte[] payload) {
        return gateway.packet(command, remote, payload);
    }

    @Override
    public Packet packet(Command command, IdUrl remote, Payload payload) {
        return gateway.packet(command, remote, payload);
    }

    @Override
    public CompletionStage<Packet> request(Packet packet) {
        return gateway.request(packet);
    }

    @Override
    public CompletionStage<Void> send(Packet packet) {
        return gateway.send(packet);
    }

    @Override
    public PingDTO ping(IdUrl peer, Duration timeout) {
        return gateway.ping(peer, timeout);
    }

    @Override
    public boolean online(IdUrl peer) {
        return gateway.online(peer);
    }

    @Override
    public List<TransportDTO> transports() {
        return gateway.transports();
    }

    @Override
    public long dropped() {
        return gateway.dropped();
    }

    private static long serviceId(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        return id instanceof Long ? (Long) id : 0;
    }

    private static int ranking(ServiceReference<?> reference) {
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        return ranking instanceof Integer ? (Integer) ranking : 0;
    }

    private static List<String> names(Object property) {
        if (property instanceof String[]) {
            return List.of((String[]) property);
        }
        if (property instanceof String) {
            return List.of(((String) property).split(","));
        }
        return List.of();
    }
}
