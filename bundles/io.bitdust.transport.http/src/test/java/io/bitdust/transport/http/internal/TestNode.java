package io.bitdust.transport.http.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.internal.HttpIdentityCache;
import io.bitdust.identity.internal.LocalIdentity;
import io.bitdust.transport.internal.PacketGateway;
import io.bitdust.transport.spi.Transport;
import io.bitdust.transport.tcp.internal.TcpLimits;
import io.bitdust.transport.tcp.internal.TcpTransport;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** One node wired from the plain classes: keys, identity on a real identity server, cache, gateway, transports. */
final class TestNode implements AutoCloseable {
    static final TcpLimits LIMITS = new TcpLimits(Duration.ofSeconds(3), Duration.ofSeconds(2), 1024 * 1024, 16);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    final FileKeyRing keys;
    final LocalIdentity identity;
    final HttpIdentityCache cache;
    final PacketGateway gateway;
    final IdUrl idurl;
    private final Path folder;
    private final AtomicInteger probes = new AtomicInteger();

    TestNode(Path folder, String name, String idServer) {
        this.folder = folder;
        keys = new FileKeyRing(folder.resolve("keys"), new SecureRandom());
        keys.create();
        identity = new LocalIdentity(folder.resolve("identity"), keys, () -> List.of(idServer), TIMEOUT,
                Clock.systemUTC());
        idurl = identity.create(name).idurl();
        identity.propagate();
        cache = new HttpIdentityCache(folder.resolve("cache"), TIMEOUT);
        gateway = new PacketGateway(identity, cache, keys, Clock.systemUTC());
    }

    TcpTransport addTcp() {
        TcpTransport tcp = new TcpTransport("127.0.0.1", 0, "127.0.0.1", LIMITS);
        add("tcp", tcp);
        return tcp;
    }

    HttpTransport addHttp() {
        HttpTransport http = new HttpTransport("127.0.0.1", 0, "127.0.0.1");
        add("http", http);
        return http;
    }

    /** Adds a transport and waits until my identity, as the identity server has it, lists its contact. */
    private void add(String key, Transport transport) {
        int before = contacts().size();
        gateway.addTransport(key, 0, transport);
        await(() -> contacts().size() > before, "the " + key + " contact of " + idurl + " is published");
    }

    void removeTransport(String key) {
        gateway.removeTransport(key);
    }

    /** @return my contacts as the identity server has them */
    List<String> contacts() {
        return fetch(idurl).contacts();
    }

    /** @return an identity as its identity server has it now, through a fresh cache */
    Identity fetch(IdUrl who) {
        return new HttpIdentityCache(folder.resolve("probe-" + probes.incrementAndGet()), TIMEOUT).fetch(who);
    }

    static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    @Override
    public void close() {
        gateway.close();
        identity.close();
    }
}
