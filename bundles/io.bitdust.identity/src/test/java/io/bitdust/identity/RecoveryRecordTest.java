package io.bitdust.identity;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.common.BitDustException;
import io.bitdust.crypto.Signatures;
import io.bitdust.crypto.SigningKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/** The recovery record's form and the exact bytes it signs. */
public class RecoveryRecordTest {
    private static final Instant DATE = Instant.parse("2026-12-03T14:00:00.750Z");
    private final SigningKeyPair keys = SigningKeyPair.fromPrivateKey(seed());

    @Test
    public void signsTheLabelAndTheCanonicalRecordWithoutItsSignature() {
        AtomicReference<byte[]> signed = new AtomicReference<>();
        RecoveryRecord record = RecoveryRecord.sign("alice", 7, DATE, new byte[] {1, 2, 3}, message -> {
            signed.set(message);
            return Signatures.sign(keys, message);
        });
        assertEquals("bitdust/recovery-record/v1\n{\"date\":\"2026-12-03T14:00:00Z\",\"format\":"
                + "\"bitdust/recovery-record/v1\",\"name\":\"alice\",\"revision\":7,\"sealed\":\"AQID\"}",
                new String(signed.get(), StandardCharsets.UTF_8));
        String json = new String(record.toJson(), StandardCharsets.UTF_8);
        assertTrue(json, json.startsWith("{\"date\":\"2026-12-03T14:00:00Z\",\"format\":\"bitdust/recovery-record/v1\","
                + "\"name\":\"alice\",\"revision\":7,\"sealed\":\"AQID\",\"signature\":\""));
        assertTrue(record.verify(keys.publicKey()));
        assertFalse(record.verify(SigningKeyPair.generate(new SecureRandom()).publicKey()));
        RecoveryRecord parsed = RecoveryRecord.parse(record.toJson());
        assertEquals(record, parsed);
        assertEquals("alice", parsed.name());
        assertEquals(7, parsed.revision());
        assertEquals(Instant.parse("2026-12-03T14:00:00Z"), parsed.date());
        assertArrayEquals(new byte[] {1, 2, 3}, parsed.sealed());
        assertTrue(parsed.verify(keys.publicKey()));
    }

    @Test
    public void anyChangeBreaksTheSignature() {
        String json = text(RecoveryRecord.sign("alice", 7, DATE, new byte[] {1, 2, 3}, m -> Signatures.sign(keys, m)));
        for (String[] change : new String[][] {{"\"revision\":7", "\"revision\":8"}, {"AQID", "AQIE"},
                {"\"name\":\"alice\"", "\"name\":\"alicf\""}, {"14:00:00Z", "14:00:01Z"}}) {
            RecoveryRecord changed = RecoveryRecord.parse(json.replace(change[0], change[1])
                    .getBytes(StandardCharsets.UTF_8));
            assertFalse(change[1], changed.verify(keys.publicKey()));
        }
    }

    @Test
    public void malformedRecordsAreRefusedNamingTheProblem() {
        String json = text(RecoveryRecord.sign("alice", 7, DATE, new byte[] {1, 2, 3}, m -> Signatures.sign(keys, m)));
        refused("more than 65536", new byte[65537]);
        refused("not valid JSON", "{".getBytes(StandardCharsets.UTF_8));
        refused("must be a JSON object", "[]".getBytes(StandardCharsets.UTF_8));
        refused("not valid JSON", (json + "{}").getBytes(StandardCharsets.UTF_8));
        refused("not valid JSON", json.replace("{", "{\"name\":\"bob\",").getBytes(StandardCharsets.UTF_8));
        refused("unknown member 'extra'", json.replace("{", "{\"extra\":1,").getBytes(StandardCharsets.UTF_8));
        refused("lacks the member(s) [sealed]", json.replace("\"sealed\":\"AQID\",", "")
                .getBytes(StandardCharsets.UTF_8));
        refused("'revision' must be an integer of at least 1", json.replace("\"revision\":7", "\"revision\":0")
                .getBytes(StandardCharsets.UTF_8));
        refused("'revision' must be an integer of at least 1", json.replace("\"revision\":7", "\"revision\":7.5")
                .getBytes(StandardCharsets.UTF_8));
        refused("'name' must be a user name", json.replace("\"alice\"", "\"A\"").getBytes(StandardCharsets.UTF_8));
        refused("'date' must be a UTC time", json.replace("14:00:00Z", "14:00:00.1Z")
                .getBytes(StandardCharsets.UTF_8));
        refused("'sealed' must be base64url without padding", json.replace("AQID", "AQI=")
                .getBytes(StandardCharsets.UTF_8));
        refused("'sealed' must hold 1 to 40960 bytes", json.replace("AQID", "").getBytes(StandardCharsets.UTF_8));
        refused("'signature' must hold 64 bytes", json.replaceAll("\"signature\":\"[^\"]*\"", "\"signature\":\"AQID\"")
                .getBytes(StandardCharsets.UTF_8));
        refused("'format' must be 'bitdust/recovery-record/v1'", json.replace("record/v1", "record/v0")
                .getBytes(StandardCharsets.UTF_8));
        try {
            RecoveryRecord.sign("alice", 1, DATE, new byte[RecoveryRecord.MAX_SEALED + 1], m -> new byte[64]);
            fail("sealed content too large");
        } catch (BitDustException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'sealed' must hold 1 to 40960 bytes"));
        }
    }

    private static void refused(String reason, byte[] record) {
        try {
            RecoveryRecord.parse(record);
            fail("expected a refusal: " + reason);
        } catch (BitDustException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("invalid recovery record: "));
            assertTrue(e.getMessage(), e.getMessage().contains(reason));
        }
    }

    private static String text(RecoveryRecord record) {
        return new String(record.toJson(), StandardCharsets.UTF_8);
    }

    private static byte[] seed() {
        byte[] seed = new byte[32];
        seed[0] = 1;
        return seed;
    }
}
