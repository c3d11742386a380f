package io.bitdust.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class IdUrlTest {

    @Test
    public void parsesAndNormalises() {
        IdUrl id = IdUrl.parse("HTTP://ID.Example.org:8084/alice.json");
        assertEquals("http://id.example.org:8084/alice.json", id.toString());
        assertEquals("id.example.org", id.host());
        assertEquals(8084, id.port());
        assertEquals("alice", id.name());
        assertEquals("http://id.example.org:8084", id.server());
        assertEquals(IdUrl.parse("http://id.example.org:80/bob.json"), IdUrl.parse("http://id.example.org/bob.json"));
        assertEquals(80, IdUrl.parse("http://id.example.org/bob.json").port());
        assertEquals(IdUrl.parse("http://127.0.0.1:8084/carol_1.json"), IdUrl.of("http://127.0.0.1:8084/", "carol_1"));
    }

    @Test
    public void refusesWhatIsNotAnIdUrl() {
        String[] bad = {null, "", "alice", "ftp://h/alice.json", "http:///alice.json", "http://h/alice.xml",
            "http://h/a/alice.json", "http://h/Alice.json", "http://h/al.json", "http://h/alice.json?x=1",
            "http://u@h/alice.json", "http://h/alice.json#f", "http://h/-alice.json", "http://h/" + "a".repeat(33)
                + ".json", "http://" + "h".repeat(300) + "/alice.json", "http://h/al ice.json"};
        for (String text : bad) {
            BitDustException e = assertThrows(String.valueOf(text), BitDustException.class, () -> IdUrl.parse(text));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage(), e.getMessage().startsWith("not an IDURL"));
        }
    }

    @Test
    public void aTextParsedAgainGivesTheSameIdUrlAndABadOneIsRefusedEveryTime() {
        String text = "http://ID.example.org:8084/dave.json";
        IdUrl first = IdUrl.parse(text);
        assertSame(first, IdUrl.parse(text));
        for (int i = 0; i < IdUrl.REMEMBERED + 10; i++) {
            assertEquals("user" + i, IdUrl.parse("http://127.0.0.1:9/user" + i + ".json").name());
        }
        assertEquals(first, IdUrl.parse(text));
        assertEquals("http://id.example.org:8084/dave.json", IdUrl.parse(text).toString());
        for (int i = 0; i < 2; i++) {
            assertThrows(BitDustException.class, () -> IdUrl.parse("http://h/Dave.json"));
        }
    }
}
