package io.bitdust.network;

import io.bitdust.common.IdUrl;
import io.bitdust.derby.Database;
import io.bitdust.identity.Identity;
import io.bitdust.messaging.MessagingService;
import io.bitdust.messaging.dto.CorrespondentDTO;
import io.bitdust.messaging.dto.MessageDTO;
import io.bitdust.messaging.internal.Messenger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Private messages on a kit node: runs a {@link Messenger} on its folder (the messaging area's Derby database), its
 * gateway, identity, identity cache, keys and options, and serves Message packets through {@link Node#handle}.
 * {@code node.extension(MessagingService.class)} finds it while the node runs. A nickname search asks the identity
 * servers of the node's IDURLs, or the ones given.
 */
public final class MessagingExtension implements Extension {
    private final Function<Node, List<String>> servers;

    /** Nickname searches ask the identity servers of the node's own IDURLs. */
    public MessagingExtension() {
        this(MessagingExtension::serversOfMyIdurls);
    }

    /**
     * @param servers the identity servers a nickname search of the node asks, {@code host:port} each
     */
    public MessagingExtension(Function<Node, List<String>> servers) {
        this.servers = servers;
    }

    @Override
    public AutoCloseable start(Node node) {
        Database database = Database.embedded(node.folder(), Messenger.SCHEMA);
        try {
            Messenger messenger = new Messenger(database, node.gateway(), node.identity(), node.cache(), node.keys(),
                    node.config(), () -> servers.apply(node), new SecureRandom(), Clock.systemUTC());
            node.handle(MessagingExtension.class, Messenger.COMMANDS, messenger.handler());
            return new Running(messenger, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static List<String> serversOfMyIdurls(Node node) {
        return node.identity().identity().map(Identity::idurls).orElse(List.of()).stream()
                .map(idurl -> idurl.host() + ":" + idurl.port()).distinct().toList();
    }

    /** Messaging running on a node: its {@link MessagingService}, and its messenger for what tests look at. */
    public static final class Running implements MessagingService, AutoCloseable {
        private final Messenger messenger;
        private final Database database;

        Running(Messenger messenger, Database database) {
            this.messenger = messenger;
            this.database = database;
        }

        /** @return the messenger */
        public Messenger messenger() {
            return messenger;
        }

        @Override
        public MessageDTO send(IdUrl recipient, String body) {
            return messenger.send(recipient, body);
        }

        @Override
        public List<MessageDTO> messages(IdUrl correspondent, int offset, int limit) {
            return messenger.messages(correspondent, offset, limit);
        }

        @Override
        public List<CorrespondentDTO> correspondents() {
            return messenger.correspondents();
        }

        @Override
        public CorrespondentDTO addCorrespondent(IdUrl idurl, String nickname) {
            return messenger.addCorrespondent(idurl, nickname);
        }

        @Override
        public CorrespondentDTO removeCorrespondent(IdUrl idurl) {
            return messenger.removeCorrespondent(idurl);
        }

        @Override
        public List<CorrespondentDTO> findByNickname(String nickname) {
            return messenger.findByNickname(nickname);
        }

        @Override
        public Map<String, Long> refusals() {
            return messenger.refusals();
        }

        @Override
        public int pending() {
            return messenger.pending();
        }

        /** Stops the messenger, then closes its database. */
        @Override
        public void close() {
            try {
                messenger.close();
            } finally {
                database.close();
            }
        }
    }
}
