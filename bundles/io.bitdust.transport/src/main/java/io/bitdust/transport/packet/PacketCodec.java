package io.bitdust.transport.packet;

import io.bitdust.common.BitDustException;
import io.bitdust.common.IdUrl;
import io.bitdust.transport.packet.PacketException.Reason;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The binary wire format of a {@link Packet}, version 1 ({@code docs/protocol.md §2} gives it byte by byte): magic
 * {@code BDPK}, version, command code, the length-prefixed fields, the payload and the 64-byte signature. Decoding
 * checks every length against its limit before allocating anything, so that no input, however hostile, makes it
 * allocate more than the configured payload limit or fail with anything but a {@link PacketException}.
 * Immutable and thread-safe.
 */
public final class PacketCodec {
    /** The default payload limit: 16 MiB of data plus 64 KiB of room for the envelope around it. */
    public static final int DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024 + 64 * 1024;
    /** The largest payload limit a codec may be configured with: 1 GiB. */
    public static final int LARGEST_MAX_PAYLOAD = 1024 * 1024 * 1024;

    private final int maxPayload;

    /** A codec with the {@link #DEFAULT_MAX_PAYLOAD default payload limit}. */
    public PacketCodec() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    /**
     * @param maxPayload the largest payload, in bytes, this codec encodes or decodes
     * @throws BitDustException INVALID_ARGUMENT when not between 0 and {@value #LARGEST_MAX_PAYLOAD}
     */
    public PacketCodec(int maxPayload) {
        if (maxPayload < 0 || maxPayload > LARGEST_MAX_PAYLOAD) {
            throw BitDustException.invalid("the payload limit " + maxPayload + " is not between 0 and "
                    + LARGEST_MAX_PAYLOAD);
        }
        this.maxPayload = maxPayload;
    }

    /** @return the largest payload, in bytes, this codec encodes or decodes */
    public int maxPayload() {
        return maxPayload;
    }

    /**
     * @param packet a packet
     * @return how many bytes {@link #encode} and {@link #write} produce for it
     */
    public int encodedLength(Packet packet) {
        return PacketFormat.header(packet).length + packet.payloadLength() + PacketFormat.SIGNATURE_LENGTH;
    }

    /**
     * @param packet the packet to encode
     * @return its encoding, in a new array
     * @throws PacketException TOO_LONG when the payload exceeds this codec's limit
     */
    public byte[] encode(Packet packet) {
        checkPayloadLength(packet.payloadLength());
        byte[] header = PacketFormat.header(packet);
        byte[] encoded = new byte[header.length + packet.payloadLength() + PacketFormat.SIGNATURE_LENGTH];
        System.arraycopy(header, 0, encoded, 0, header.length);
        System.arraycopy(packet.payloadArray(), packet.payloadOffset(), encoded, header.length,
                packet.payloadLength());
        System.arraycopy(packet.signatureArray(), 0, encoded, header.length + packet.payloadLength(),
                PacketFormat.SIGNATURE_LENGTH);
        return encoded;
    }

    /**
     * Writes the encoding of {@code packet} without copying its payload: three writes (header, payload, signature).
     *
     * @param packet the packet to encode
     * @param out    where to write it; neither flushed nor closed
     * @throws IOException     when writing fails
     * @throws PacketException TOO_LONG when the payload exceeds this codec's limit
     */
    public void write(Packet packet, OutputStream out) throws IOException {
        checkPayloadLength(packet.payloadLength());
        out.write(PacketFormat.header(packet));
        out.write(packet.payloadArray(), packet.payloadOffset(), packet.payloadLength());
        out.write(packet.signatureArray());
    }

    /**
     * @param bytes exactly one encoded packet
     * @return the packet; its signature is not checked here (see {@link Packet#verify} and {@link PacketValidator})
     * @throws PacketException when the bytes are not exactly one well-formed packet within this codec's limits
     */
    public Packet decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * @param bytes  holds exactly one encoded packet in {@code [offset, offset + length)}
     * @param offset where it starts
     * @param length its length
     * @return the packet, as {@link #decode(byte[])}; its payload is a range of {@code bytes}, not a copy (a nested
     *     fragment is several MB): do not change the array afterwards
     * @throws PacketException as {@link #decode(byte[])}
     */
    public Packet decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            Reader reader = new Reader(bytes, offset, length);
            Packet packet = read(reader, HeaderCheck.NONE);
            if (reader.offset != length) {
                throw new PacketException(Reason.TRAILING_BYTES, (length - reader.offset)
                        + " bytes follow the packet, which ends at byte " + reader.offset);
            }
            return packet;
        } catch (IOException e) {
            // reading an array never throws; the signature of the shared reader does
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one packet, and not a byte more. A payload is allocated only once its length is known to be within the
     * limit, at its full length. Wrap unbuffered streams (sockets) in a {@link java.io.BufferedInputStream}.
     *
     * @param in where to read it from; not closed
     * @return the packet; its signature is not checked here (see {@link Packet#verify} and {@link PacketValidator})
     * @throws IOException     when reading fails
     * @throws PacketException when the bytes are not a well-formed packet within this codec's limits, or the stream
     *                         ends before the packet does
     */
    public Packet read(InputStream in) throws IOException {
        return read(new Reader(in, Long.MAX_VALUE), HeaderCheck.NONE);
    }

    /**
     * As {@link #read(InputStream)}, asking {@code check} whether the payload is worth reading once the header is read
     * and before a byte of the payload is.
     *
     * @param in    where to read it from; not closed
     * @param check refuses a packet from its header by throwing a {@link PacketException}
     * @return the packet
     * @throws IOException     when reading fails
     * @throws PacketException as {@link #read(InputStream)}, or the check's; the payload is then left unread
     */
    public Packet read(InputStream in, HeaderCheck check) throws IOException {
        return read(new Reader(in, Long.MAX_VALUE), check);
    }

    /** Decides from a packet's header, before its payload is read, whether to read it. */
    @FunctionalInterface
    public interface HeaderCheck {
        /** Reads every payload. */
        HeaderCheck NONE = (command, creator, remote, date, payloadLength) -> { };

        /**
         * @param command       the packet's command
         * @param creator       its creator
         * @param remote        its recipient
         * @param date          its date, epoch milliseconds
         * @param payloadLength the length of the payload that follows
         * @throws PacketException to refuse it, naming why
         */
        void check(Command command, IdUrl creator, IdUrl remote, long date, long payloadLength);
    }

    private Packet read(Reader reader, HeaderCheck check) throws IOException {
        try {
            byte[] magic = reader.bytes(PacketFormat.MAGIC.length, "magic");
            if (!Arrays.equals(magic, PacketFormat.MAGIC)) {
                throw new PacketException(Reason.BAD_MAGIC, "not a packet: the first bytes are "
                        + hex(magic) + ", not BDPK");
            }
            int version = reader.u8("version");
            if (version != PacketFormat.VERSION) {
                throw new PacketException(Reason.UNSUPPORTED_VERSION, "packet version " + version
                        + " is not supported, only " + PacketFormat.VERSION);
            }
            Command command = Command.ofCode(reader.u8("command"));
            IdUrl owner = readIdUrl(reader, "owner");
            IdUrl creator = readIdUrl(reader, "creator");
            String packetId = readText(reader, "packet ID", 1, PacketFormat.MAX_PACKET_ID_LENGTH);
            long date = reader.i64("date");
            IdUrl remote = readIdUrl(reader, "remote");
            long payloadLength = reader.u32("payload length");
            checkPayloadLength(payloadLength);
            check.check(command, creator, remote, date, payloadLength);
            byte[] payload;
            int payloadOffset;
            if (reader.array != null) {
                payload = reader.array;
                payloadOffset = reader.skip((int) payloadLength, "payload");
            } else {
                payload = reader.bytes((int) payloadLength, "payload");
                payloadOffset = 0;
            }
            byte[] signature = reader.bytes(PacketFormat.SIGNATURE_LENGTH, "signature");
            return Packet.received(command, owner, creator, packetId, date, remote, payload, payloadOffset,
                    (int) payloadLength, signature);
        } catch (PacketException | IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // the last resort: every refusal above is explicit, but a bug must still surface as a refusal
            throw new PacketException(Reason.MALFORMED_FIELD, "malformed packet at byte " + reader.offset + ": " + e);
        }
    }

    private static IdUrl readIdUrl(Reader reader, String field) throws IOException {
        String text = readText(reader, field + " IDURL", 1, PacketFormat.MAX_IDURL_LENGTH);
        IdUrl idUrl;
        try {
            idUrl = IdUrl.parse(text);
        } catch (BitDustException e) {
            throw new PacketException(Reason.MALFORMED_FIELD, "the " + field + " field: " + e.getMessage());
        }
        if (!idUrl.toString().equals(text)) {
            throw new PacketException(Reason.MALFORMED_FIELD, "the " + field + " IDURL '" + text
                    + "' is not in normal form '" + idUrl + "'");
        }
        return idUrl;
    }

    private static String readText(Reader reader, String field, int minLength, int maxLength) throws IOException {
        int length = reader.u16(field + " length");
        if (length < minLength || length > maxLength) {
            throw new PacketException(length > maxLength ? Reason.TOO_LONG : Reason.MALFORMED_FIELD, "the " + field
                    + " length " + length + " is not between " + minLength + " and " + maxLength);
        }
        long start = reader.offset;
        byte[] bytes = reader.bytes(length, field);
        for (int i = 0; i < bytes.length; i++) {
            if (!PacketFormat.isPrintable(bytes[i] & 0xff)) {
                throw new PacketException(Reason.MALFORMED_FIELD, "the " + field + " has the byte "
                        + hex(new byte[] {bytes[i]}) + " at byte " + (start + i) + "; only printable ASCII is allowed");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private void checkPayloadLength(long length) {
        if (length > maxPayload) {
            throw new PacketException(Reason.TOO_LONG, "payload length " + length + " exceeds the limit " + maxPayload);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder("0x");
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }

    /**
     * Reads big-endian fields from a stream or from a range of an array, counting the offset and refusing to allocate
     * past the end of a bounded input.
     */
    private static final class Reader {
        private final InputStream in;
        /** The array read, when not a stream: a payload is then a range of it. */
        private final byte[] array;
        private final int start;
        private final long length;
        private long offset;

        Reader(InputStream in, long length) {
            this.in = in;
            this.array = null;
            this.start = 0;
            this.length = length;
        }

        Reader(byte[] array, int start, int length) {
            this.in = null;
            this.array = array;
            this.start = start;
            this.length = length;
        }

        byte[] bytes(int count, String field) throws IOException {
            if (count > length - offset) {
                throw truncated(field, count - (length - offset));
            }
            if (array != null) {
                int from = skip(count, field);
                return Arrays.copyOfRange(array, from, from + count);
            }
            byte[] bytes = new byte[count];
            int read = 0;
            while (read < count) {
                int n = in.read(bytes, read, count - read);
                if (n < 0) {
                    throw truncated(field, count - read);
                }
                read += n;
                offset += n;
            }
            return bytes;
        }

        /** Passes over {@code count} bytes of the array read; returns where they start in it. */
        int skip(int count, String field) {
            if (count > length - offset) {
                throw truncated(field, count - (length - offset));
            }
            int from = start + (int) offset;
            offset += count;
            return from;
        }

        int u8(String field) throws IOException {
            return bytes(1, field)[0] & 0xff;
        }

        int u16(String field) throws IOException {
            byte[] b = bytes(2, field);
            return (b[0] & 0xff) << 8 | b[1] & 0xff;
        }

        long u32(String field) throws IOException {
            byte[] b = bytes(4, field);
            return ((long) (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff);
        }

        long i64(String field) throws IOException {
            byte[] b = bytes(8, field);
            long value = 0;
            for (byte x : b) {
                value = value << 8 | x & 0xff;
            }
            return value;
        }

        private PacketException truncated(String field, long missing) {
            return new PacketException(Reason.TRUNCATED, "truncated at byte " + offset + ": the " + field
                    + " needs " + missing + " more bytes");
        }
    }
}
