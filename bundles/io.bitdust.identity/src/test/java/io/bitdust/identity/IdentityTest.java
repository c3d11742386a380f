package io.bitdust.identity;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.common.Json;
import io.bitdust.crypto.Signatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class IdentityTest {
    private static final String SERVER = "http://127.0.0.1:8084";

    private final TestIdentities alice = new TestIdentities();
    private final Identity sample = alice.identity(SERVER, "alice", 7);

    @Test
    public void roundTripKeepsEveryMember() {
        Identity parsed = Identity.parse(sample.toJson());
        assertEquals(sample, parsed);
        assertEquals(List.of(IdUrl.parse("http://127.0.0.1:8084/alice.json")), parsed.idurls());
        assertEquals(List.of("tcp://127.0.0.1:7771", "http://127.0.0.1:9993/in"), parsed.contacts());
        assertEquals(sample.signingKey(), parsed.signingKey());
        assertEquals(sample.agreementKey(), parsed.agreementKey());
        assertEquals(Map.of("supplier", ServiceOffer.of(true, 1L << 30)), parsed.services());
        assertTrue(parsed.offers("supplier"));
        assertEquals("alice", parsed.nickname());
        assertEquals(7, parsed.revision());
        assertEquals(Instant.parse("2025-01-31T12:00:00Z"), parsed.date());
        assertEquals(parsed, parsed.toBuilder().sign(alice::sign));
    }

    @Test
    public void wireFormIsTheCanonicalJsonWithTheSignature() {
        String json = new String(sample.toJson(), StandardCharsets.UTF_8);
        String expected = "{\"agreement_key\":\"" + sample.agreementKey() + "\","
                + "\"contacts\":[\"tcp://127.0.0.1:7771\",\"http://127.0.0.1:9993/in\"],"
                + "\"date\":\"2025-01-31T12:00:00Z\",\"idurls\":[\"http://127.0.0.1:8084/alice.json\"],"
                + "\"nickname\":\"alice\",\"revision\":7,"
                + "\"services\":{\"supplier\":{\"enabled\":true,\"free_bytes\":1073741824}},"
                + "\"signature\":\"" + base64(sample.signature()) + "\","
                + "\"signing_key\":\"" + sample.signingKey() + "\"}";
        assertEquals(expected, json);
        String signed = Identity.DOMAIN_LABEL_TEXT + expected.replace("\"signature\":\"" + base64(sample.signature())
                + "\",", "");
        assertTrue(Signatures.verify(sample.signingKey(), signed.getBytes(StandardCharsets.UTF_8),
                sample.signature()));
    }

    @Test
    public void everyFlippedByteIsRefused() {
        byte[] json = sample.toJson();
        for (int position = 0; position < json.length; position++) {
            for (int mask : new int[] {0x01, 0x20, 0x80}) {
                byte[] tampered = json.clone();
                tampered[position] ^= (byte) mask;
                try {
                    Identity.parse(tampered);
                    fail("accepted with byte " + position + " xor " + mask + ": "
                            + new String(tampered, StandardCharsets.UTF_8));
                } catch (BitDustException e) {
                    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
                }
            }
        }
    }

    @Test
    public void memberOrderAndWhitespaceDoNotMatter() throws Exception {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(sample.toJson());
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        ObjectNode reversed = Json.mapper().createObjectNode();
        names.forEach(name -> reversed.set(name, tree.get(name)));
        byte[] pretty = Json.writePretty(reversed).getBytes(StandardCharsets.UTF_8);
        assertNotEquals(new String(sample.toJson(), StandardCharsets.UTF_8),
                new String(pretty, StandardCharsets.UTF_8));
        Identity parsed = Identity.parse(pretty);
        assertArrayEquals(sample.toJson(), parsed.toJson());
    }

    @Test
    public void oversizeDocumentIsRefused() {
        byte[] big = new byte[Identity.MAX_SIZE + 1];
        Arrays.fill(big, (byte) ' ');
        assertRefused("more than 65536", big);
    }

    @Test
    public void wrongTypesAreRefused() {
        assertRefused("'revision' must be an integer", with("revision", "\"7\""));
        assertRefused("'revision' must be an integer", with("revision", "7.0"));
        assertRefused("'revision' must be an integer", with("revision", "0"));
        assertRefused("'revision' must be an integer", with("revision", "99999999999999999999"));
        assertRefused("'nickname' must be a string", with("nickname", "42"));
        assertRefused("'idurls' must be a list", with("idurls", "\"http://127.0.0.1:8084/alice.json\""));
        assertRefused("'idurls' must be a list", with("idurls", "[]"));
        assertRefused("'idurls' must hold strings", with("idurls", "[1]"));
        assertRefused("'contacts' must be a list", with("contacts", "{}"));
        assertRefused("contact 3", with("contacts", "[3]"));
        assertRefused("'services' must be an object", with("services", "[]"));
        assertRefused("'enabled' of service 'supplier'",
                with("services", "{\"supplier\":{\"enabled\":1,\"free_bytes\":0}}"));
        assertRefused("'free_bytes' must be an integer",
                with("services", "{\"supplier\":{\"enabled\":true,\"free_bytes\":-1}}"));
        assertRefused("must describe the service 'supplier'",
                with("services", "{\"proxy\":{\"enabled\":true,\"free_bytes\":0}}"));
        assertRefused("'signing_key'", with("signing_key", "\"AAAA\""));
        assertRefused("'date' must be a UTC time", with("date", "\"2025-01-31 12:00:00\""));
        assertRefused("'signature' must be a string", with("signature", "null"));
        assertRefused("'signature' must be 64 bytes", with("signature", "\"AAAA\""));
        assertRefused("must be a JSON object", "[1]".getBytes(StandardCharsets.UTF_8));
        assertRefused("not valid JSON", "{\"revision\":".getBytes(StandardCharsets.UTF_8));
        assertRefused("not valid JSON", (new String(sample.toJson(), StandardCharsets.UTF_8) + "{}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void unknownMissingAndDuplicateMembersAreRefused() throws Exception {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(sample.toJson());
        tree.put("extra", 1);
        assertRefused("unknown member 'extra'", Json.write(tree).getBytes(StandardCharsets.UTF_8));
        tree.remove("extra");
        tree.remove("nickname");
        assertRefused("lacks the member(s) [nickname]", Json.write(tree).getBytes(StandardCharsets.UTF_8));
        String json = new String(sample.toJson(), StandardCharsets.UTF_8);
        assertRefused("not valid JSON", ("{\"revision\":8," + json.substring(1)).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void idurlsMustBeNormalDistinctAndOfOneName() {
        assertRefused("not in normal form", with("idurls", "[\"HTTP://127.0.0.1:8084/alice.json\"]"));
        assertRefused("listed twice", with("idurls",
                "[\"http://127.0.0.1:8084/alice.json\",\"http://127.0.0.1:8084/alice.json\"]"));
        assertRefusedToSign("same name", alice.builder(SERVER, "alice", 1).idurls(List.of(IdUrl.of(SERVER, "alice"),
                IdUrl.of("http://127.0.0.2:8084", "bob"))));
        List<IdUrl> six = new ArrayList<>();
        for (String host : List.of("a", "b", "c", "d", "e", "f")) {
            six.add(IdUrl.of("http://" + host + ":1", "alice"));
        }
        assertRefusedToSign("a list of 1 to 5", alice.builder(SERVER, "alice", 1).idurls(six));
    }

    @Test
    public void limitsOfContactsAndNickname() {
        Identity.Builder builder = alice.builder(SERVER, "alice", 1);
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < Identity.MAX_CONTACTS + 1; i++) {
            contacts.add("tcp://127.0.0.1:" + (7000 + i));
        }
        assertRefusedToSign("'contacts' must be a list of 0 to 16", builder.contacts(contacts));
        assertRefusedToSign("at most 256", alice.builder(SERVER, "alice", 1)
                .contacts(List.of("tcp://" + "h".repeat(250) + ":7771")));
        assertRefusedToSign("contact", alice.builder(SERVER, "alice", 1).contacts(List.of("tcp://a b:1")));
        assertRefusedToSign("1 to 64 characters", alice.builder(SERVER, "alice", 1).nickname(""));
        assertRefusedToSign("1 to 64 characters", alice.builder(SERVER, "alice", 1).nickname("x".repeat(65)));
        assertRefusedToSign("control characters", alice.builder(SERVER, "alice", 1).nickname("a\nb"));
        assertRefusedToSign("lone surrogates", alice.builder(SERVER, "alice", 1).nickname("a\ud800b"));
        String nickname = "Алиса \"quoted\" \\ 😀";
        Identity unicode = alice.builder(SERVER, "alice", 1).nickname(nickname).sign(alice::sign);
        assertEquals(nickname, Identity.parse(unicode.toJson()).nickname());
    }

    @Test
    public void aSignatureByAnotherKeyIsRefused() {
        TestIdentities mallory = new TestIdentities();
        assertRefusedToSign("signature does not match", alice.builder(SERVER, "alice", 1).signingKey(
                mallory.identity(SERVER, "mallory", 1).signingKey()));
        Identity forged = mallory.identity(SERVER, "alice", 8);
        String json = new String(sample.toJson(), StandardCharsets.UTF_8)
                .replace(base64(sample.signature()), base64(forged.signature()));
        assertRefused("signature does not match", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void keysAreCompared() {
        assertTrue(sample.sameKeys(alice.identity(SERVER, "alice", 9)));
        assertFalse(sample.sameKeys(new TestIdentities().identity(SERVER, "alice", 9)));
    }

    private byte[] with(String member, String rawValue) {
        try {
            ObjectNode tree = (ObjectNode) Json.mapper().readTree(sample.toJson());
            JsonNode value = Json.mapper().readTree(rawValue);
            tree.set(member, value);
            return Json.write(tree).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(String expected, byte[] document) {
        try {
            Identity.parse(document);
            fail("accepted, expected refusal containing " + expected);
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    private void assertRefusedToSign(String expected, Identity.Builder builder) {
        try {
            builder.sign(alice::sign);
            fail("signed, expected refusal containing " + expected);
        } catch (BitDustException e) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
