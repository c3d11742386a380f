package io.bitdust.api.internal;

import io.bitdust.common.IdUrl;
import io.bitdust.transport.Gateway;
import io.bitdust.transport.dto.PingDTO;
import io.bitdust.transport.dto.TransportDTO;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** A neighbour's interface stand-in: lists the transports it is given; tests override what else they need. */
class StubGateway implements Gateway {
    private final List<TransportDTO> transports;

    StubGateway(TransportDTO... transports) {
        this.transports = List.of(transports);
    }

    static TransportDTO transport(String protocol, String state, String reason, String... contacts) {
        TransportDTO dto = new TransportDTO();
        dto.protocol = protocol;
        dto.state = state;
        dto.reason = reason;
        dto.contacts = List.of(contacts);
        return dto;
    }

    @Override
    public List<TransportDTO> transports() {
        return transports;
    }

    @Override
    public PingDTO ping(IdUrl peer, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Packet packet(Command command, IdUrl remote, byte[] payload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Packet> request(Packet packet) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Void> send(Packet packet) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean online(IdUrl peer) {
        return false;
    }

    @Override
    public long dropped() {
        return 0;
    }
}
