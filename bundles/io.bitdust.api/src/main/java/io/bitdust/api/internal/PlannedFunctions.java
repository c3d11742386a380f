package io.bitdust.api.internal;

import java.util.List;

/**
 * The seed functions whose areas are not built yet. They are listed with their parameters and answer an ERROR
 * saying so; each moves to its area's own functions class when that area lands. Their local paths are already
 * checked ({@link LocalPaths}), so a bad path is refused as it will be once the area is built.
 */
final class PlannedFunctions {
    private PlannedFunctions() {
    }

    static List<Operation> operations() {
        return List.of(
                Operation.named("list_messages", "messages", "Messages received and sent").notYet(),
                Operation.named("send_message", "messages", "Send a private message")
                        .required("recipient", "IDURL of the recipient")
                        .required("message_body", "the text").notYet(),
                Operation.named("list_correspondents", "messages", "My correspondents").notYet(),
                Operation.named("add_correspondent", "messages", "Add a correspondent")
                        .required("idurl", "IDURL")
                        .optional("nickname", "string", "", "nickname").notYet(),
                Operation.named("remove_correspondent", "messages", "Remove a correspondent")
                        .required("idurl", "IDURL").notYet(),
                Operation.named("find_peer_by_nickname", "messages", "Find a node by its nickname")
                        .required("nickname", "nickname").notYet());
    }
}
