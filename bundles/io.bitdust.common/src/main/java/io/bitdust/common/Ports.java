package io.bitdust.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * TCP ports as the node's servers use them: the one probe that says whether a server could listen on a host and
 * port now, so that an option naming a port nobody can listen on is refused before it is saved. Thread-safe.
 */
public final class Ports {
    /** The lowest TCP port a server may be given. */
    public static final int MIN = 1;
    /** The highest TCP port. */
    public static final int MAX = 65535;

    private Ports() {
    }

    /**
     * Binds a server socket on {@code host:port} and closes it at once. The socket is bound the way the node's servers
     * bind theirs (address reuse on, so a port whose last connections linger in TIME_WAIT counts as free). A port that
     * passes may still be taken by another process before the caller binds it; a port that fails cannot be used now.
     *
     * @param host the address the server would listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the port, {@value #MIN} to {@value #MAX}
     * @throws BitDustException INVALID_ARGUMENT when the port is out of range or the host cannot be resolved;
     *     CONFLICT naming {@code host:port} and the reason (e.g. "Address already in use", "Permission denied")
     *     when a server cannot listen there
     */
    public static void checkBindable(String host, int port) {
        if (port < MIN || port > MAX) {
            throw BitDustException.invalid("port " + port + " is outside " + MIN + " to " + MAX);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw BitDustException.invalid("cannot listen on " + host + ":" + port + ": unknown host '" + host + "'");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.CONFLICT, "cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }
}
