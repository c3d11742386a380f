/**
 * Private messages between nodes, correspondents and nickname search. {@link io.bitdust.messaging.MessagingService}
 * sends a message (sealed to the recipient's key, signed by me inside the seal, kept and retried until the recipient
 * acknowledges it), lists the history of both directions with each message's {@link io.bitdust.messaging.MessageState},
 * keeps my correspondents and asks the identity servers for nicknames. The wire format is in {@code docs/protocol.md}
 * §4.
 */
@Export
@Version("1.0.0")
package io.bitdust.messaging;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
