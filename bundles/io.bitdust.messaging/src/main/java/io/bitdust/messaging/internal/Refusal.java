package io.bitdust.messaging.internal;

/**
 * A message refused: its reason, one word a program can act on (the Fail's first word and the counter's name), and
 * what was wrong.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    Refusal(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
