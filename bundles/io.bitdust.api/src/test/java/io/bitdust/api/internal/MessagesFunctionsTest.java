package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiResult;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.messaging.MessagingService;
import io.bitdust.messaging.dto.CorrespondentDTO;
import io.bitdust.messaging.dto.MessageDTO;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MessagesFunctionsTest {
    private static final String BOB = "http://127.0.0.1:8084/bob.json";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> calls = new ArrayList<>();
    private final MessagesFunctions messages = new MessagesFunctions();
    private String state = "delivered";
    private Api api;

    @Before
    public void setUp() {
        api = new Api(new AreaService<>(ProcessFunctions.AREA), tmp.getRoot().toPath(), Map.of(), "0.1.0")
                .add(messages);
        messages.messaging.bind("messaging", new Service());
    }

    @Test
    public void sendMessageAnswersWithTheSeedsFieldsAndTheState() {
        assertEquals(Map.of("result", "message to " + BOB + " was delivered", "recipient", BOB, "message", "Hi Bob!",
                "message_id", "00112233445566778899aabbccddeeff", "state", "delivered", "error", ""),
                ok(api.call("send_message", Map.of("recipient", " " + BOB, "message_body", "Hi Bob!"))));
        assertEquals(List.of("send " + BOB + " Hi Bob!"), calls);

        state = "queued";
        Map<?, ?> queued = (Map<?, ?>) ok(api.call("send_message", Map.of("recipient", BOB, "message_body", "x")));
        assertTrue(queued.get("result").toString().contains("is queued"));
        assertEquals("", queued.get("error"));
        state = "failed";
        Map<?, ?> failed = (Map<?, ?>) ok(api.call("send_message", Map.of("recipient", BOB, "message_body", "x")));
        assertEquals("refused by the recipient: signature: bad", failed.get("error"));

        ApiResult unknown = api.call("send_message", Map.of("recipient", "http://127.0.0.1:8084/nobody.json",
                "message_body", "x"));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        assertEquals("unknown recipient http://127.0.0.1:8084/nobody.json", unknown.errors().get(0));
        assertEquals(ErrorCode.INVALID_ARGUMENT, api.call("send_message", Map.of("recipient", "bob",
                "message_body", "x")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, api.call("send_message", Map.of("recipient", BOB)).code());
    }

    @Test
    public void listMessagesPagesAndFilters() {
        List<?> all = (List<?>) ok(api.call("list_messages", Map.of()));
        assertEquals(1, all.size());
        assertEquals(List.of("message_id", "direction", "sender", "recipient", "message", "date", "state", "attempts",
                "error"), new ArrayList<>(((Map<?, ?>) all.get(0)).keySet()));
        ok(api.call("list_messages", Map.of("correspondent", BOB, "offset", "10", "limit", 5)));
        assertEquals(List.of("messages null 0 50", "messages " + BOB + " 10 5"), calls);
        assertEquals(ErrorCode.INVALID_ARGUMENT, api.call("list_messages", Map.of("limit", "many")).code());
    }

    @Test
    public void correspondentsAndNicknameSearch() {
        assertEquals(Map.of("idurl", BOB, "nickname", "Bobby"), ok(api.call("add_correspondent",
                Map.of("idurl", BOB, "nickname", "Bobby"))));
        assertEquals(Map.of("idurl", BOB, "nickname", ""), ok(api.call("add_correspondent", Map.of("idurl", BOB))));
        assertEquals(List.of(Map.of("idurl", BOB, "nickname", "bob")), ok(api.call("list_correspondents",
                Map.of())));
        assertEquals(Map.of("idurl", BOB, "nickname", "bob"), ok(api.call("remove_correspondent",
                Map.of("idurl", BOB))));
        assertEquals(List.of(Map.of("idurl", BOB, "nickname", "bob")), ok(api.call("find_peer_by_nickname",
                Map.of("nickname", "bo"))));
        assertEquals(List.of("add " + BOB + " Bobby", "add " + BOB + " ", "correspondents", "remove " + BOB,
                "find bo"), calls);
    }

    @Test
    public void healthShowsPendingMessagesAndRefusalsAndAStoppedAreaSaysSo() {
        Map<?, ?> health = (Map<?, ?>) ok(api.call("process_health", Map.of()));
        assertEquals(Map.of("pending", 2, "refusals", Map.of("signature", 3L)), health.get("messages"));
        assertEquals("running", ((Map<?, ?>) health.get("areas")).get("messages"));

        messages.messaging.unbind("messaging");
        ApiResult stopped = api.call("list_correspondents", Map.of());
        assertFalse(stopped.ok());
        assertEquals(ErrorCode.UNAVAILABLE, stopped.code());
        assertEquals("messages is not running", stopped.errors().get(0));
        assertFalse(((Map<?, ?>) ok(api.call("process_health", Map.of()))).containsKey("messages"));
    }

    private static Object ok(ApiResult result) {
        assertTrue(result.errors().toString(), result.ok());
        return result.result();
    }

    private static CorrespondentDTO bob(String nickname) {
        CorrespondentDTO bob = new CorrespondentDTO();
        bob.idurl = BOB;
        bob.nickname = nickname;
        return bob;
    }

    /** Records the calls; knows bob only. */
    private final class Service implements MessagingService {
        @Override
        public MessageDTO send(IdUrl recipient, String body) {
            if (!recipient.toString().equals(BOB)) {
                throw BitDustException.notFound("unknown recipient " + recipient);
            }
            calls.add("send " + recipient + " " + body);
            MessageDTO message = new MessageDTO();
            message.id = "00112233445566778899aabbccddeeff";
            message.recipient = recipient.toString();
            message.body = body;
            message.state = state;
            message.error = "failed".equals(state) ? "refused by the recipient: signature: bad" : "";
            return message;
        }

        @Override
        public List<MessageDTO> messages(IdUrl correspondent, int offset, int limit) {
            calls.add("messages " + correspondent + " " + offset + " " + limit);
            return List.of(new MessageDTO());
        }

        @Override
        public List<CorrespondentDTO> correspondents() {
            calls.add("correspondents");
            return List.of(bob("bob"));
        }

        @Override
        public CorrespondentDTO addCorrespondent(IdUrl idurl, String nickname) {
            calls.add("add " + idurl + " " + nickname);
            return bob(nickname);
        }

        @Override
        public CorrespondentDTO removeCorrespondent(IdUrl idurl) {
            calls.add("remove " + idurl);
            return bob("bob");
        }

        @Override
        public List<CorrespondentDTO> findByNickname(String nickname) {
            calls.add("find " + nickname);
            return List.of(bob("bob"));
        }

        @Override
        public Map<String, Long> refusals() {
            return Map.of("signature", 3L);
        }

        @Override
        public int pending() {
            return 2;
        }
    }
}
