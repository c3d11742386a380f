package io.bitdust.common;

/**
 * The one checked-at-the-edge error of BitDust: a code saying what kind of failure it is, and a message that names
 * the problem in words a user understands ("unknown option 'foo/bar'", not "NullPointerException").
 */
public class BitDustException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code    the kind of failure
     * @param message what went wrong, naming the offending input
     */
    public BitDustException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * @param code    the kind of failure
     * @param message what went wrong, naming the offending input
     * @param cause   the underlying failure
     */
    public BitDustException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** @return the kind of failure */
    public ErrorCode code() {
        return code;
    }

    /** Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} error. */
    public static BitDustException invalid(String message) {
        return new BitDustException(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** Shorthand for a {@link ErrorCode#NOT_FOUND} error. */
    public static BitDustException notFound(String message) {
        return new BitDustException(ErrorCode.NOT_FOUND, message);
    }

    /** Shorthand for an {@link ErrorCode#UNAVAILABLE} error. */
    public static BitDustException unavailable(String message) {
        return new BitDustException(ErrorCode.UNAVAILABLE, message);
    }
}
