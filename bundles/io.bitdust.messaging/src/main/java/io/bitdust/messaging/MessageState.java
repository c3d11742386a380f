package io.bitdust.messaging;

import java.util.Locale;

/** Where a message stands. A message I send goes QUEUED, SENT, then DELIVERED or FAILED; one I get is RECEIVED. */
public enum MessageState {
    /** Mine, waiting for an attempt: the first one, or the next after the recipient could not be reached. */
    QUEUED,
    /** Mine, handed to the network; the recipient's answer is awaited. */
    SENT,
    /** Mine, acknowledged by the recipient. */
    DELIVERED,
    /** Mine, refused by the recipient or given up after the retries' bounds; the reason says which. */
    FAILED,
    /** A message to me. */
    RECEIVED;

    /** @return the name as the API shows it: lower case */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
