package io.bitdust.common;

/**
 * The kind of a {@link BitDustException}. Front ends map it to what they show: the HTTP gateway to a status code,
 * the shell to a message.
 */
public enum ErrorCode {
    /** The caller gave something malformed, of the wrong type, or out of range. HTTP 400. */
    INVALID_ARGUMENT(400),
    /** The caller is not allowed to do this (no or wrong secret). HTTP 401. */
    UNAUTHENTICATED(401),
    /** The thing named does not exist: an option, a function, an identity. HTTP 404. */
    NOT_FOUND(404),
    /** The request clashes with the current state. HTTP 409. */
    CONFLICT(409),
    /** The service that would answer is not running (yet). HTTP 503. */
    UNAVAILABLE(503),
    /** A fault of the node itself; the message says what failed. HTTP 500. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** @return the HTTP status the gateway answers with for this code */
    public int httpStatus() {
        return httpStatus;
    }
}
