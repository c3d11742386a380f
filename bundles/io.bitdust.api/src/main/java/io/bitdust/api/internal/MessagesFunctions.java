package io.bitdust.api.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.messaging.MessagingService;
import io.bitdust.messaging.dto.CorrespondentDTO;
import io.bitdust.messaging.dto.MessageDTO;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The messages area: {@code send_message}, {@code list_messages}, {@code list_correspondents},
 * {@code add_correspondent}, {@code remove_correspondent}, {@code find_peer_by_nickname}, and the pending messages and
 * refusals in process_health. {@code send_message} answers with the seed's fields ({@code result}, {@code recipient},
 * {@code message}, {@code error}, empty when nothing went wrong) and the message's ID and state.
 */
final class MessagesFunctions implements ApiArea {
    static final String AREA = "messages";

    final AreaService<MessagingService> messaging = new AreaService<>(AREA);

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<AreaService<?>> services() {
        return List.of(messaging);
    }

    @Override
    public List<Operation> operations() {
        return List.of(
                Operation.named("send_message", AREA, "Send a private message, sealed to the recipient; kept and "
                        + "sent again while the recipient is away")
                        .required("recipient", "IDURL of the recipient")
                        .required("message_body", "the text, at most " + MessagingService.MAX_BODY_BYTES
                                + " bytes of UTF-8")
                        .does(args -> {
                            MessagingService service = messaging.get();
                            return sent(service.send(IdUrl.parse(args.string("recipient").trim()),
                                    args.string("message_body")));
                        }),
                Operation.named("list_messages", AREA, "Messages received and sent, newest first, with the delivery "
                        + "state of mine")
                        .optional("correspondent", "string", "", "only the messages to and from this IDURL")
                        .optional("offset", "integer", 0L, "how many of the newest to skip")
                        .optional("limit", "integer", 50L, "the most to show, 1 to 1000")
                        .does(args -> {
                            MessagingService service = messaging.get();
                            String correspondent = args.string("correspondent").trim();
                            return service.messages(correspondent.isEmpty() ? null : IdUrl.parse(correspondent),
                                    (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                                            args.integer("offset"))), (int) Math.max(Integer.MIN_VALUE,
                                            Math.min(Integer.MAX_VALUE, args.integer("limit"))))
                                    .stream().map(MessagesFunctions::entry).collect(Collectors.toList());
                        }),
                Operation.named("list_correspondents", AREA, "My correspondents")
                        .does(args -> nodes(messaging.get().correspondents())),
                Operation.named("add_correspondent", AREA, "Add a correspondent, or change its nickname")
                        .required("idurl", "IDURL")
                        .optional("nickname", "string", "", "nickname; by default the one of its identity")
                        .does(args -> {
                            MessagingService service = messaging.get();
                            return node(service.addCorrespondent(IdUrl.parse(args.string("idurl").trim()),
                                    args.string("nickname")));
                        }),
                Operation.named("remove_correspondent", AREA, "Remove a correspondent")
                        .required("idurl", "IDURL")
                        .does(args -> {
                            MessagingService service = messaging.get();
                            return node(service.removeCorrespondent(IdUrl.parse(args.string("idurl").trim())));
                        }),
                Operation.named("find_peer_by_nickname", AREA, "Find nodes by their nickname on every known identity "
                        + "server")
                        .required("nickname", "a part of the nickname, case-insensitive")
                        .does(args -> nodes(messaging.get().findByNickname(args.string("nickname")))));
    }

    @Override
    public void health(Map<String, Object> health, List<String> warnings) {
        MessagingService running = messaging.current();
        if (running != null) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("pending", running.pending());
            state.put("refusals", running.refusals());
            health.put("messages", state);
        }
    }

    private static Map<String, Object> sent(MessageDTO message) {
        Map<String, Object> result = new LinkedHashMap<>();
        String what = "message to " + message.recipient;
        switch (message.state) {
            case "delivered":
                result.put("result", what + " was delivered");
                break;
            case "failed":
                result.put("result", what + " failed");
                break;
            case "sent":
                result.put("result", what + " was sent, the answer is awaited");
                break;
            default:
                result.put("result", what + " is queued: the recipient cannot be reached now, it is sent again later");
                break;
        }
        result.put("recipient", message.recipient);
        result.put("message", message.body);
        result.put("message_id", message.id);
        result.put("state", message.state);
        result.put("error", "failed".equals(message.state) ? message.error : "");
        return result;
    }

    static Map<String, Object> entry(MessageDTO message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("message_id", message.id);
        entry.put("direction", message.direction);
        entry.put("sender", message.sender);
        entry.put("recipient", message.recipient);
        entry.put("message", message.body);
        entry.put("date", message.date);
        entry.put("state", message.state);
        entry.put("attempts", message.attempts);
        entry.put("error", message.error);
        return entry;
    }

    private static List<Map<String, Object>> nodes(List<CorrespondentDTO> nodes) {
        return nodes.stream().map(MessagesFunctions::node).collect(Collectors.toList());
    }

    private static Map<String, Object> node(CorrespondentDTO node) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("idurl", node.idurl);
        entry.put("nickname", node.nickname);
        return entry;
    }
}
