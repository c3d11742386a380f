package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.identity.Identity;
import io.bitdust.identity.ServiceOffer;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.DeleteRequest;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A customer node hires a supplier node running {@link CustomersExtension}, stores an object and reads it back; a
 * third node's packets, and one it forged in the customer's name, are refused and change nothing.
 */
public class CustomersIT {
    private static final long DONATED = 1 << 20;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Network network;
    private Node supplier;
    private Node customer;

    @Before
    public void start() {
        network = new Network(temp.getRoot().toPath());
        supplier = network.node("supplier", NodeSettings.DEFAULT.with(new CustomersExtension()));
        supplier.config().set("services/supplier/donated-space", "1 MB");
        customer = network.node("customer");
        network.awaitPublished();
    }

    @After
    public void stop() {
        network.close();
    }

    @Test
    public void aContractAnObjectStoredAndRetrievedAndOverQuotaRefused() throws Exception {
        Packet reply = request(Command.REQUEST_SERVICE, new ServiceRequest("supplier", 100_000,
                EccMap.parse("ecc/2x2"), 1).toBytes());
        assertEquals(text(reply), Command.ACK, reply.command());
        assertEquals("accepted", text(reply));
        Await.until(() -> ServiceOffer.of(true, DONATED - 100_000).equals(network.published(supplier.idurl())
                .services().get(Identity.SUPPLIER)), "the supplier offers its free space");

        byte[] bytes = new byte[40_000];
        new SecureRandom().nextBytes(bytes);
        Packet data = customer.gateway().packet(Command.DATA, supplier.idurl(),
                new StoredData("0/0/F20261203101500AM/0-1-Data", bytes).toBytes());
        reply = customer.gateway().request(data).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(text(reply), Command.ACK, reply.command());
        assertTrue(text(reply), text(reply).startsWith("stored "));

        reply = request(Command.RETRIEVE, new RetrieveRequest("0/0/F20261203101500AM/0-1-Data").toBytes());
        assertEquals(text(reply), Command.DATA, reply.command());
        Packet inner = Payload.parse(reply.payload()).packet(RetrieveRequest.ANSWER_FIELD, new PacketCodec(),
                customer.idurl(), idurl -> customer.identity().identity().orElseThrow().signingKey());
        assertEquals(data, inner);

        reply = request(Command.DATA, new StoredData("0/0/F20261203101500AM/1-1-Data", new byte[70_000]).toBytes());
        assertEquals(text(reply), Command.FAIL, reply.command());
        assertTrue(text(reply), text(reply).startsWith("quota: "));
        assertEquals(1, supplier.extension(CustomersExtension.Running.class).customers().get(0).files);
        assertEquals(Long.valueOf(1), supplier.extension(CustomersExtension.Running.class).desk().refusals()
                .get("quota"));
    }

    @Test
    public void foreignAndForgedPacketsAreRefusedAndChangeNothing() throws Exception {
        assertEquals(Command.ACK, request(Command.REQUEST_SERVICE, new ServiceRequest("supplier", 100_000,
                EccMap.parse("ecc/2x2"), 0).toBytes()).command());
        assertEquals(Command.ACK, request(Command.DATA, new StoredData("a", new byte[1000]).toBytes()).command());
        Node mallory = network.node("mallory");
        mallory.awaitPublished();

        assertRefused("not-customer", ask(mallory, mallory.gateway().packet(Command.DATA, supplier.idurl(),
                new StoredData("a", new byte[10]).toBytes())));
        assertRefused("not-customer", ask(mallory, mallory.gateway().packet(Command.RETRIEVE, supplier.idurl(),
                new RetrieveRequest("a").toBytes())));
        assertRefused("not-customer", ask(mallory, mallory.gateway().packet(Command.DELETE_FILE, supplier.idurl(),
                new DeleteRequest(List.of("a")).toBytes())));
        // mallory's own signature on a packet that claims to be the customer's
        Packet template = mallory.gateway().packet(Command.DELETE_FILE, supplier.idurl(),
                new DeleteRequest(List.of("a")).toBytes());
        Packet forged = Packet.sign(Command.DELETE_FILE, customer.idurl(), mallory.idurl(), template.packetId(),
                template.date(), supplier.idurl(), template.payload(), mallory.keys()::sign);
        assertRefused("owner", ask(mallory, forged));

        CustomersExtension.Running desk = supplier.extension(CustomersExtension.Running.class);
        assertEquals(1, desk.customers().get(0).files);
        assertEquals(Command.DATA, request(Command.RETRIEVE, new RetrieveRequest("a").toBytes()).command());
        assertEquals(Long.valueOf(3), desk.refusals().get("not-customer"));
        assertEquals(Long.valueOf(1), desk.refusals().get("owner"));
    }

    private static Packet ask(Node from, Packet packet) throws Exception {
        return from.gateway().request(packet).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void assertRefused(String reason, Packet reply) {
        assertEquals(text(reply), Command.FAIL, reply.command());
        assertTrue(text(reply), text(reply).startsWith(reason + ": "));
    }

    private Packet request(Command command, byte[] payload) throws Exception {
        return customer.gateway().request(customer.gateway().packet(command, supplier.idurl(), payload))
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static String text(Packet packet) {
        return new String(packet.payload(), StandardCharsets.UTF_8);
    }
}
