package io.bitdust.network;

/**
 * Something a {@link Node} runs besides its keys, identity and gateway: a storage service, say. It is started at every
 * start of the node, after the gateway and its transports, and closed at every stop, before the gateway; what it keeps
 * in the node's {@link Node#folder() data folder} survives a restart.
 */
@FunctionalInterface
public interface Extension {
    /**
     * Starts the extension on a running node, on the caller's thread.
     *
     * @param node the node; its {@link Node#gateway()}, {@link Node#identity()} and {@link Node#keys()} are set; a
     *             packet handler added through {@link Node#handle} stays across restarts, and adding one under the same
     *             key at the next start replaces it
     * @return what {@link Node#extension(Class)} finds; closed when the node stops
     * @throws Exception when it cannot start: the node's start fails and what started is stopped again
     */
    AutoCloseable start(Node node) throws Exception;
}
