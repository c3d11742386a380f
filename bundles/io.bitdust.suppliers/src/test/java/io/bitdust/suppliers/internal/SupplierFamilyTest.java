package io.bitdust.suppliers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.config.internal.Options;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.derby.Database;
import io.bitdust.storage.ServiceCancel;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.storage.StorageProtocol;
import io.bitdust.suppliers.dto.SpaceConsumedDTO;
import io.bitdust.suppliers.dto.SupplierDTO;
import io.bitdust.suppliers.internal.Fakes.Peer;
import io.bitdust.transport.PacketHandler.Answer;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SupplierFamilyTest {
    private static final Duration PAST_THRESHOLD = Duration.ofMinutes(31);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private KeyRing keys;
    private Fakes.Me me;
    private Fakes.Cache cache;
    private Fakes.Network network;
    private Options config;
    private Fakes.MovableClock clock;
    private Database database;
    private SupplierFamily family;
    private final List<Peer> peers = new ArrayList<>();
    private final List<IdUrl> listed = new CopyOnWriteArrayList<>();
    private final List<URI> queries = new CopyOnWriteArrayList<>();
    private HttpServer directory;
    private String server;

    @Before
    public void setUp() throws Exception {
        FileKeyRing ring = new FileKeyRing(folder.newFolder("keys").toPath(), new SecureRandom());
        ring.create();
        keys = ring;
        directory = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        directory.createContext("/", exchange -> {
            queries.add(exchange.getRequestURI());
            byte[] body = exchange.getRequestURI().getPath().equals("/directory")
                    ? ("[" + listed.stream().map(idurl -> "\"" + idurl + "\"").collect(Collectors.joining(","))
                    + "]").getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(body.length > 0 ? 200 : 404, body.length > 0 ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        directory.start();
        server = "http://127.0.0.1:" + directory.getAddress().getPort();
        me = new Fakes.Me(keys, server, "alice");
        cache = new Fakes.Cache();
        network = new Fakes.Network(keys, me.identity.idurl());
        for (int i = 1; i <= 8; i++) {
            peers.add(peer("peer" + i, 1L << 30));
        }
        config = new Options(folder.getRoot().toPath().resolve("options.properties"), null, Map.of());
        clock = new Fakes.MovableClock();
        open();
    }

    @After
    public void tearDown() {
        directory.stop(0);
        if (family != null) {
            family.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    public void hiresTheSuppliersNumberFromTheCandidates() {
        candidates(peer(1), peer(2), peer(3), peer(4));
        awaitActive(4);
        long bytes = StorageProtocol.bytesPerSupplier(config.getBytes("services/customer/needed-space"), 4);
        Set<Integer> positions = new HashSet<>();
        for (Packet packet : sent(Command.REQUEST_SERVICE)) {
            ServiceRequest request = ServiceRequest.parse(packet.payload());
            assertEquals("supplier", request.service());
            assertEquals("ecc/4x4", request.ecc().name());
            assertEquals(bytes, request.bytes());
            positions.add(request.position());
        }
        assertEquals(Set.of(0, 1, 2, 3), positions);
        assertEquals(Set.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl), activeIdurls());
        for (SupplierDTO supplier : family.suppliers()) {
            assertEquals(IdUrl.parse(supplier.idurl), family.supplier(supplier.position).orElseThrow());
            assertEquals(1, cache.holds(IdUrl.parse(supplier.idurl)));
            assertNull(supplier.reason);
        }
        await(() -> family.space().usedBytes == 4000, "the listings counted");
        SpaceConsumedDTO space = family.space();
        assertEquals(4, space.suppliers);
        assertEquals(4, space.activeSuppliers);
        assertEquals("ecc/4x4", space.eccMap);
        assertEquals(4 * bytes, space.allocatedBytes);
        assertEquals(config.getBytes("services/customer/needed-space"), space.neededBytes);
    }

    @Test
    public void hiresFromTheIdentityServersDirectoryWhenNoCandidateIsSet() {
        Peer full = peer("full", 1000);
        listed.addAll(List.of(me.identity.idurl(), full.idurl, peer(1).idurl, peer(2).idurl, peer(3).idurl,
                peer(4).idurl));
        config.set("services/employer/candidates", "");
        awaitActive(4);
        assertEquals(Set.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl), activeIdurls());
        URI query = queries.stream().filter(uri -> uri.getPath().equals("/directory")).findFirst().orElseThrow();
        String text = URLDecoder.decode(query.getRawQuery(), StandardCharsets.UTF_8);
        assertTrue(text, text.startsWith("service=supplier&count="));
        assertTrue(text, text.contains("exclude=") && text.contains(me.identity.idurl().toString()));
        assertTrue(sent(Command.REQUEST_SERVICE).stream().noneMatch(p -> p.remote().equals(full.idurl)
                || p.remote().equals(me.identity.idurl())));
    }

    @Test
    public void skipsARefusingCandidate() {
        network.refusing.add(peer(1).idurl);
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitActive(4);
        assertEquals(Set.of(peer(2).idurl, peer(3).idurl, peer(4).idurl, peer(5).idurl), activeIdurls());
        assertTrue(sent(Command.REQUEST_SERVICE).stream().anyMatch(p -> p.remote().equals(peer(1).idurl)));
    }

    @Test
    public void skipsCandidatesWithoutTheServiceOrSpace() {
        Peer full = peer("full", 1000);
        candidates(full, peer(1), peer(2), peer(3), peer(4));
        awaitActive(4);
        assertFalse(activeIdurls().contains(full.idurl));
        assertTrue(sent(Command.REQUEST_SERVICE).stream().noneMatch(p -> p.remote().equals(full.idurl)));
    }

    @Test
    public void skipsItselfAndExistingSuppliers() {
        config.set("services/employer/candidates", Stream.of(me.identity.idurl(), peer(1).idurl, peer(1).idurl,
                peer(2).idurl, peer(3).idurl, peer(4).idurl).map(IdUrl::toString).collect(Collectors.joining(",")));
        awaitActive(4);
        assertEquals(Set.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl), activeIdurls());
        assertTrue(sent(Command.REQUEST_SERVICE).stream().noneMatch(p -> p.remote().equals(me.identity.idurl())));
        assertEquals(1, sent(Command.REQUEST_SERVICE).stream().filter(p -> p.remote().equals(peer(1).idurl)).count());
    }

    @Test
    public void keepsTheFamilyAcrossARestart() {
        candidates(peer(1), peer(2), peer(3), peer(4));
        awaitActive(4);
        List<SupplierDTO> before = family.suppliers();
        family.close();
        database.close();
        assertEquals(0, cache.holds(peer(1).idurl));
        int requests = sent(Command.REQUEST_SERVICE).size();
        open();
        family.decide();
        List<SupplierDTO> after = family.suppliers();
        for (int position = 0; position < 4; position++) {
            assertEquals(before.get(position).idurl, after.get(position).idurl);
            assertEquals("active", after.get(position).contract);
            assertEquals(before.get(position).allocatedBytes, after.get(position).allocatedBytes);
            assertEquals(1, cache.holds(IdUrl.parse(after.get(position).idurl)));
        }
        assertEquals(requests, sent(Command.REQUEST_SERVICE).size());
    }

    @Test
    public void replacesASupplierOfflinePastTheThreshold() throws Exception {
        List<Integer> changed = new CopyOnWriteArrayList<>();
        family.subscribe(changed::add);
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitSettled();
        int position = positionOf(peer(2));
        changed.clear();
        network.offline.add(peer(2).idurl);
        assertFalse(family.ping().get(position).online);
        family.decide();
        assertEquals(peer(2).idurl.toString(), family.suppliers().get(position).idurl);
        assertEquals("active", family.suppliers().get(position).contract);

        clock.move(PAST_THRESHOLD);
        family.decide();
        await(() -> peer(5).idurl.toString().equals(family.suppliers().get(position).idurl)
                && "active".equals(family.suppliers().get(position).contract), "peer5 replaces peer2");
        assertTrue(sent(Command.CANCEL_SERVICE).stream().anyMatch(p -> p.remote().equals(peer(2).idurl)));
        ServiceRequest request = ServiceRequest.parse(last(Command.REQUEST_SERVICE, peer(5)).payload());
        assertEquals(position, request.position());
        await(() -> changed.contains(position), "subscribers hear of position " + position);
        assertEquals(0, cache.holds(peer(2).idurl));
        assertEquals(1, cache.holds(peer(5).idurl));
    }

    @Test
    public void aSupplierFiredWhileOfflineGetsItsCancelServiceAgainUntilItAnswers() {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitSettled();
        int position = positionOf(peer(2));
        network.offline.add(peer(2).idurl);
        family.ping();
        clock.move(PAST_THRESHOLD);
        family.decide();
        await(() -> peer(5).idurl.toString().equals(family.suppliers().get(position).idurl)
                && "active".equals(family.suppliers().get(position).contract), "peer5 replaces peer2");
        assertEquals(List.of(peer(2).idurl), uncancelled());
        assertEquals(1, cancels(peer(2)));
        family.ping();
        assertEquals("not sent again within CANCEL_RETRY", 1, cancels(peer(2)));
        clock.move(SupplierFamily.CANCEL_RETRY);
        family.ping();
        assertEquals("sent again, still unanswered", 2, cancels(peer(2)));

        family.close();
        database.close();
        open();
        family.ping();
        assertEquals("noted in Derby: sent again after a restart", 3, cancels(peer(2)));
        assertEquals(List.of(peer(2).idurl), uncancelled());

        network.offline.remove(peer(2).idurl);
        clock.move(SupplierFamily.CANCEL_RETRY);
        family.ping();
        await(() -> uncancelled().isEmpty(), "peer2 back online answers its CancelService");
        assertEquals(4, cancels(peer(2)));
        clock.move(SupplierFamily.CANCEL_RETRY);
        family.ping();
        assertEquals("settled: not sent again", 4, cancels(peer(2)));
    }

    @Test
    public void aFiredSupplierThatNeverAnswersIsGivenUpOn() {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitSettled();
        network.offline.add(peer(2).idurl);
        family.replace(positionOf(peer(2)));
        await(() -> uncancelled().equals(List.of(peer(2).idurl)) && cancels(peer(2)) == 1, "peer2 fired");
        clock.move(SupplierFamily.CANCEL_GIVE_UP);
        family.ping();
        assertEquals(List.of(), uncancelled());
        assertEquals("given up without sending it again", 1, cancels(peer(2)));
    }

    @Test
    public void aSupplierOnlineAgainIsHeardOfSoThatWhatItMissedIsRebuilt() {
        List<Integer> changed = new CopyOnWriteArrayList<>();
        family.subscribe(changed::add);
        candidates(peer(1), peer(2), peer(3), peer(4));
        awaitSettled();
        int position = positionOf(peer(2));
        changed.clear();
        network.offline.add(peer(2).idurl);
        assertFalse(family.ping().get(position).online);
        assertFalse(family.ping().get(position).online);
        assertTrue("going offline changes nothing yet: " + changed, changed.isEmpty());

        network.offline.remove(peer(2).idurl);
        assertTrue(family.ping().get(position).online);
        await(() -> changed.contains(position), "subscribers hear of position " + position + " online again");
        int heard = changed.size();
        assertTrue(family.ping().get(position).online);
        assertEquals("only coming back is news", heard, changed.size());
        assertEquals(peer(2).idurl.toString(), family.suppliers().get(position).idurl);
    }

    @Test
    public void replacesOnePositionAtATime() {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5), peer(6));
        awaitSettled();
        network.offline.add(peer(1).idurl);
        network.offline.add(peer(2).idurl);
        family.ping();
        clock.move(PAST_THRESHOLD);
        network.hold = true;
        family.decide();
        await(() -> network.held.size() == 1, "one RequestService on its way");
        family.decide();
        family.decide();
        assertEquals(1, network.held.size());
        assertEquals(1, family.suppliers().stream().filter(s -> "hiring".equals(s.contract)).count());
        network.release();
        await(() -> activeIdurls().equals(Set.of(peer(3).idurl, peer(4).idurl, peer(5).idurl, peer(6).idurl)),
                "both offline suppliers replaced, one after the other");
    }

    @Test
    public void replacesNobodyWhileTooManyAreOffline() {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5), peer(6), peer(7));
        awaitSettled();
        network.offline.addAll(List.of(peer(1).idurl, peer(2).idurl, peer(3).idurl));
        family.ping();
        clock.move(PAST_THRESHOLD);
        int requests = sent(Command.REQUEST_SERVICE).size();
        family.decide();
        family.decide();
        assertEquals(requests, sent(Command.REQUEST_SERVICE).size());
        assertEquals(Set.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl), activeIdurls());

        network.offline.remove(peer(3).idurl);
        family.ping();
        family.decide();
        await(() -> activeIdurls().size() == 4 && !activeIdurls().contains(peer(1).idurl)
                && !activeIdurls().contains(peer(2).idurl), "with 2 of 4 offline both are replaced");
    }

    @Test
    public void followsTheSuppliersNumberFourToTwoToFour() {
        List<Integer> changed = new CopyOnWriteArrayList<>();
        family.subscribe(changed::add);
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5), peer(6));
        awaitActive(4);
        List<SupplierDTO> four = family.suppliers();
        changed.clear();

        config.set("services/customer/suppliers-number", "2");
        await(() -> family.suppliers().size() == 2 && family.suppliers().stream().allMatch(s -> "active"
                .equals(s.contract)) && sent(Command.REQUEST_SERVICE).stream().filter(p -> ServiceRequest.parse(
                p.payload()).ecc().name().equals("ecc/2x2")).count() == 2, "two suppliers on ecc/2x2");
        assertEquals(four.get(0).idurl, family.suppliers().get(0).idurl);
        assertEquals(four.get(1).idurl, family.suppliers().get(1).idurl);
        for (int position = 2; position < 4; position++) {
            IdUrl fired = IdUrl.parse(four.get(position).idurl);
            assertTrue(sent(Command.CANCEL_SERVICE).stream().anyMatch(p -> p.remote().equals(fired)));
            assertEquals(0, cache.holds(fired));
        }
        long twoBytes = StorageProtocol.bytesPerSupplier(config.getBytes("services/customer/needed-space"), 2);
        await(() -> family.space().allocatedBytes == 2 * twoBytes, "two contracts of the new size");
        assertEquals("ecc/2x2", family.space().eccMap);
        await(() -> changed.containsAll(List.of(0, 1, 2, 3)), "subscribers hear of every position");

        config.set("services/customer/suppliers-number", "4");
        await(() -> activeIdurls().size() == 4, "four suppliers again");
        // suppliers fired only because the family shrank may come back
        assertEquals(4, activeIdurls().size());
        assertEquals(four.get(0).idurl, family.suppliers().get(0).idurl);
        assertEquals(four.get(1).idurl, family.suppliers().get(1).idurl);
        for (int position = 0; position < 2; position++) {
            ServiceRequest request = ServiceRequest.parse(last(Command.REQUEST_SERVICE,
                    IdUrl.parse(four.get(position).idurl)).payload());
            assertEquals("ecc/4x4", request.ecc().name());
            assertEquals(position, request.position());
        }
    }

    @Test
    public void replacesAndChangesByHand() {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitActive(4);
        IdUrl old = IdUrl.parse(family.suppliers().get(1).idurl);
        family.replace(1);
        await(() -> peer(5).idurl.toString().equals(family.suppliers().get(1).idurl)
                && "active".equals(family.suppliers().get(1).contract), "position 1 replaced");
        assertTrue(sent(Command.CANCEL_SERVICE).stream().anyMatch(p -> p.remote().equals(old)));

        SupplierDTO changed = family.change(2, peer(6).idurl);
        assertEquals(peer(6).idurl.toString(), changed.idurl);
        assertEquals("active", changed.contract);

        assertError(ErrorCode.INVALID_ARGUMENT, () -> family.change(0, me.identity.idurl()));
        assertError(ErrorCode.INVALID_ARGUMENT, () -> family.change(0, peer(6).idurl));
        assertError(ErrorCode.NOT_FOUND, () -> family.change(4, peer(7).idurl));
        assertError(ErrorCode.NOT_FOUND, () -> family.replace(-1));
        network.refusing.add(peer(7).idurl);
        String before = family.suppliers().get(3).idurl;
        assertError(ErrorCode.CONFLICT, () -> family.change(3, peer(7).idurl));
        assertEquals(before, family.suppliers().get(3).idurl);
        assertEquals("active", family.suppliers().get(3).contract);
        Peer none = peer("noservice", 0);
        assertError(ErrorCode.CONFLICT, () -> family.change(3, none.idurl));
        assertError(ErrorCode.UNAVAILABLE, () -> family.change(3, IdUrl.of(server, "nobody")));
        assertEquals(before, family.suppliers().get(3).idurl);
    }

    @Test
    public void aCancelServiceFromASupplierHiresAReplacement() throws Exception {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitActive(4);
        int position = positionOf(peer(3));
        Packet notice = network.from(peer(3), Command.CANCEL_SERVICE, new ServiceCancel("customer").toBytes());
        assertTrue(family.handler().accepts(notice));
        assertFalse("a customer's cancel is the supplier side's", family.handler().accepts(network.from(peer(3),
                Command.CANCEL_SERVICE, new ServiceCancel("supplier").toBytes())));
        Answer answer = family.handler().handle(notice).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(Command.ACK, answer.command());
        await(() -> peer(5).idurl.toString().equals(family.suppliers().get(position).idurl)
                && "active".equals(family.suppliers().get(position).contract), "peer5 replaces peer3");

        Answer stranger = family.handler().handle(network.from(peer(6), Command.CANCEL_SERVICE,
                new ServiceCancel("customer").toBytes())).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(Command.FAIL, stranger.command());
        Answer garbage = family.handler().handle(network.from(peer(1), Command.CANCEL_SERVICE,
                new byte[] {9, 9, 9})).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(Command.FAIL, garbage.command());
        assertTrue(activeIdurls().contains(peer(1).idurl));
    }

    @Test
    public void aSupplierWithoutMyContractIsReplaced() {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitActive(4);
        int position = positionOf(peer(2));
        network.forgot.add(peer(2).idurl);
        for (int i = 0; i < SupplierFamily.LIST_EVERY; i++) {
            family.ping();
        }
        await(() -> peer(5).idurl.toString().equals(family.suppliers().get(position).idurl)
                && "active".equals(family.suppliers().get(position).contract), "peer5 replaces peer2");
    }

    @Test
    public void aSupplierShowingAnotherKeyIsReplaced() {
        candidates(peer(1), peer(2), peer(3), peer(4), peer(5));
        awaitActive(4);
        int position = positionOf(peer(4));
        Peer impostor = new Peer(server, "peer4", 1L << 30);
        cache.add(impostor.identity);
        family.ping();
        await(() -> peer(5).idurl.toString().equals(family.suppliers().get(position).idurl)
                && "active".equals(family.suppliers().get(position).contract), "peer5 replaces peer4");
    }

    @Test
    public void answersNotUnderstoodAreRefusalsNotCrashes() throws Exception {
        Peer odd = peer("odd", 1L << 30);
        network.odd.put(odd.idurl, Command.DATA);
        Peer failing = peer("failing", 1L << 30);
        network.odd.put(failing.idurl, Command.FILES);
        candidates(odd, failing, peer(1), peer(2), peer(3), peer(4));
        awaitActive(4);
        assertEquals(Set.of(peer(1).idurl, peer(2).idurl, peer(3).idurl, peer(4).idurl), activeIdurls());

        network.odd.put(peer(1).idurl, Command.FILES);
        family.ping();
        family.change(0, peer(5).idurl);
        network.odd.put(peer(5).idurl, Command.FILES);
        family.ping();
        family.decide();
        assertEquals(4, activeIdurls().size());
        assertTrue(family.suppliers().stream().allMatch(s -> "active".equals(s.contract)));
    }

    @Test
    public void nothingIsHiredWhileTheCustomerServiceIsDisabled() {
        config.set("services/customer/enabled", "false");
        candidates(peer(1), peer(2), peer(3), peer(4));
        family.decide();
        assertTrue(sent(Command.REQUEST_SERVICE).isEmpty());
        config.set("services/customer/enabled", "true");
        awaitActive(4);
    }

    @Test
    public void correctableIsHalfTheSuppliers() {
        assertEquals(1, SupplierOptions.correctable(2));
        assertEquals(2, SupplierOptions.correctable(4));
        assertEquals(3, SupplierOptions.correctable(7));
        assertEquals(32, SupplierOptions.correctable(64));
    }

    private void open() {
        database = Database.embedded(folder.getRoot().toPath().resolve("data"), SupplierFamily.SCHEMA);
        family = new SupplierFamily(database, network, me, cache, keys, config, List::of, clock);
    }

    private Peer peer(int number) {
        return peers.get(number - 1);
    }

    private Peer peer(String name, long freeBytes) {
        Peer peer = new Peer(server, name, freeBytes);
        cache.add(peer.identity);
        network.peers.put(peer.idurl, peer);
        return peer;
    }

    private void candidates(Peer... candidates) {
        config.set("services/employer/candidates", Stream.of(candidates).map(p -> p.idurl.toString())
                .collect(Collectors.joining(",")));
    }

    /**
     * Four suppliers active and each one's first listing counted: a test that then takes suppliers offline and moves
     * the clock must not race the listings still on their way, which count as the supplier being seen (at the moved
     * time) and would postpone its replacement past the test's patience.
     */
    private void awaitSettled() {
        awaitActive(4);
        await(() -> family.space().usedBytes == 4000, "the first listings counted");
    }

    private void awaitActive(int count) {
        await(() -> family.suppliers().stream().filter(s -> "active".equals(s.contract)).count() == count,
                count + " active suppliers");
    }

    private Set<IdUrl> activeIdurls() {
        return family.suppliers().stream().filter(s -> "active".equals(s.contract)).map(s -> IdUrl.parse(s.idurl))
                .collect(Collectors.toSet());
    }

    private int positionOf(Peer peer) {
        return family.suppliers().stream().filter(s -> peer.idurl.toString().equals(s.idurl)).findFirst()
                .orElseThrow().position;
    }

    /** @return the fired suppliers that have not answered their CancelService, as Derby holds them */
    private List<IdUrl> uncancelled() {
        return new FamilyStore(database).uncancelled().stream().map(FamilyStore.Uncancelled::idurl).toList();
    }

    private long cancels(Peer peer) {
        return sent(Command.CANCEL_SERVICE).stream().filter(p -> p.remote().equals(peer.idurl)).count();
    }

    private List<Packet> sent(Command command) {
        return network.sent.stream().filter(p -> p.command() == command).toList();
    }

    private Packet last(Command command, Peer peer) {
        return last(command, peer.idurl);
    }

    private Packet last(Command command, IdUrl peer) {
        List<Packet> matching = sent(command).stream().filter(p -> p.remote().equals(peer)).toList();
        assertFalse("no " + command + " to " + peer, matching.isEmpty());
        return matching.get(matching.size() - 1);
    }

    private static void assertError(ErrorCode code, Runnable action) {
        try {
            action.run();
            fail("expected " + code);
        } catch (BitDustException e) {
            assertEquals(e.getMessage(), code, e.code());
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
