package io.bitdust.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningKeyPair;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReplayGuardTest {
    private static final IdUrl ALICE = IdUrl.parse("http://127.0.0.1:1/alice.json");
    private static final IdUrl BOB = IdUrl.parse("http://127.0.0.1:1/bob.json");
    private static final SigningKeyPair KEYS = SigningKeyPair.generate(new SecureRandom());
    private static final PacketCodec CODEC = new PacketCodec();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    public void aPacketSeenBeforeARestartIsStillARepeatAndGetsItsAnswerAgain() throws Exception {
        Path file = temp.getRoot().toPath().resolve("replays.bin");
        Packet delete = packet(Command.DELETE_FILE, "delete", ALICE, BOB);
        Packet ack = packet(Command.ACK, "delete", BOB, ALICE);
        Packet ping = packet(Command.IDENTITY, "ping", ALICE, BOB);
        try (ReplayGuard guard = guard(file)) {
            CompletableFuture<Packet> answer = new CompletableFuture<>();
            assertNull(guard.first(delete, answer));
            answer.complete(ack);
            assertNull(guard.first(ping, new CompletableFuture<>()));
            assertNotNull("a repeat in the same run", guard.first(delete, new CompletableFuture<>()));
        }
        try (ReplayGuard restarted = guard(file)) {
            ReplayGuard.Seen before = restarted.first(delete, new CompletableFuture<>());
            assertNotNull("a repeat after the restart", before);
            assertEquals(ack, before.answer().getNow(null));
            ReplayGuard.Seen unanswered = restarted.first(ping, new CompletableFuture<>());
            assertNotNull(unanswered);
            assertTrue(unanswered.answer().isDone());
            assertNull(unanswered.answer().getNow(null));
            assertNull("another packet is new", restarted.first(packet(Command.DELETE_FILE, "other", ALICE, BOB),
                    new CompletableFuture<>()));
        }
    }

    @Test
    public void aLargeAnswerIsNotKeptButItsRequestStaysARepeat() throws Exception {
        Path file = temp.getRoot().toPath().resolve("replays.bin");
        Packet retrieve = packet(Command.RETRIEVE, "retrieve", ALICE, BOB);
        Packet fragment = Packet.sign(Command.DATA, BOB, BOB, "retrieve", now.get(), ALICE,
                new byte[ReplayGuard.MAX_KEPT_PAYLOAD + 1], KEYS);
        try (ReplayGuard guard = guard(file)) {
            CompletableFuture<Packet> answer = new CompletableFuture<>();
            assertNull(guard.first(retrieve, answer));
            answer.complete(fragment);
            ReplayGuard.Seen repeat = guard.first(retrieve, new CompletableFuture<>());
            assertNotNull("still a repeat: no second effect", repeat);
            assertTrue(repeat.answer().isDone());
            assertNull("the fragment is not kept", repeat.answer().getNow(null));
        }
        assertTrue("the file does not hold the fragment: " + Files.size(file),
                Files.size(file) < ReplayGuard.MAX_KEPT_PAYLOAD);
    }

    @Test
    public void expiredPacketsAreForgottenAndTheFileRewrittenWithoutThem() throws Exception {
        Path file = temp.getRoot().toPath().resolve("replays.bin");
        Packet early = packet(Command.DELETE_FILE, "early", ALICE, BOB);
        try (ReplayGuard guard = guard(file)) {
            guard.first(early, CompletableFuture.completedFuture(null));
        }
        long full = Files.size(file);
        now.addAndGet(Duration.ofMinutes(21).toMillis());
        try (ReplayGuard later = guard(file)) {
            assertEquals(0, Files.size(file));
            assertNull("expired: new again (the date check refuses it by then)", later.first(early,
                    new CompletableFuture<>()));
        }
        assertTrue(full > 0);
    }

    @Test
    public void aDamagedTailKeepsWhatCameBefore() throws Exception {
        Path file = temp.getRoot().toPath().resolve("replays.bin");
        Packet first = packet(Command.DELETE_FILE, "first", ALICE, BOB);
        Packet second = packet(Command.DELETE_FILE, "second", ALICE, BOB);
        try (ReplayGuard guard = guard(file)) {
            guard.first(first, new CompletableFuture<>());
            guard.first(second, new CompletableFuture<>());
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        try (ReplayGuard restarted = guard(file)) {
            assertNotNull(restarted.first(first, new CompletableFuture<>()));
            assertNull(restarted.first(second, new CompletableFuture<>()));
        }
    }

    private ReplayGuard guard(Path file) {
        return new ReplayGuard(Duration.ofMinutes(20), 1000, clock, file, CODEC);
    }

    private Packet packet(Command command, String id, IdUrl from, IdUrl to) {
        return Packet.sign(command, from, from, id, now.get(), to, new byte[] {1, 2, 3}, KEYS);
    }
}
