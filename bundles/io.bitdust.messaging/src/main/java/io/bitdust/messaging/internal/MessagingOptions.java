package io.bitdust.messaging.internal;

import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import java.util.List;

/** The options of private messages: how long and how often a message is sent again while its recipient is away. */
final class MessagingOptions {
    /** The most attempts to deliver one message. */
    static final Option RETRY_ATTEMPTS = Option.of("services/private-messages/retry-attempts",
            OptionType.positiveInteger(1, 10_000), "50",
            "Most attempts to deliver a message to a recipient that cannot be reached before it is marked failed");
    /** How long a message is retried. */
    static final Option RETRY_HOURS = Option.of("services/private-messages/retry-hours",
            OptionType.positiveInteger(1, 24 * 365), "168",
            "Hours a message is sent again to a recipient that cannot be reached before it is marked failed");
    /** The longest pause between two attempts. */
    static final Option RETRY_MAX_DELAY = Option.of("services/private-messages/retry-max-delay",
            OptionType.positiveInteger(1, 86_400), "600",
            "Longest pause between two attempts to deliver a message, in seconds (the pause doubles from 5 s)");

    /** Every option of private messages. */
    static final List<Option> ALL = List.of(RETRY_ATTEMPTS, RETRY_HOURS, RETRY_MAX_DELAY);

    private MessagingOptions() {
    }
}
