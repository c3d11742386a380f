package io.bitdust.transport.internal;

import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.spi.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongFunction;

/** A packet on its way out: encoded straight into the transport's stream, never copied whole. */
final class PacketFrame implements Frame {
    private final Packet packet;
    private final PacketCodec codec;
    private final int length;
    private final Duration timeout;

    /**
     * @param transferTime the transfer-time rule: how long a frame of a given length may take
     */
    PacketFrame(Packet packet, PacketCodec codec, LongFunction<Duration> transferTime) {
        this.packet = packet;
        this.codec = codec;
        this.length = codec.encodedLength(packet);
        this.timeout = transferTime.apply(length);
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        codec.write(packet, out);
    }

    @Override
    public String toString() {
        return packet.toString();
    }
}
