package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.crypto.AgreementKeyPair;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.SealedBox;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a supplier keeps for one customer, as it answers a ListFiles: the contract's allocation and usage, and one
 * entry per stored object, sorted by name. It travels sealed to the customer's agreement key (only the customer reads
 * it) in the payload of a Files packet, field {@code listing} (§3.6). The plain text is UTF-8 lines ending in a line
 * feed: {@code L1 <allocated> <used> <count>}, then per object {@code <size> <date> <name>}, where size is the stored
 * packet's length in bytes and date its signed date in milliseconds since the epoch.
 *
 * @param allocated the bytes the contract allocates
 * @param used      the bytes it uses now, per-object overhead included
 * @param entries   the objects listed, sorted by name
 */
public record Listing(long allocated, long used, List<Entry> entries) {
    /** The field of the Files payload that carries the sealed listing. */
    public static final String FIELD = "listing";

    /** @throws BitDustException INVALID_ARGUMENT for negative sizes */
    public Listing {
        if (allocated < 0 || used < 0) {
            throw BitDustException.invalid("a listing's sizes are 0 or more");
        }
        entries = entries.stream().sorted(Comparator.comparing(Entry::name)).toList();
    }

    /**
     * One stored object.
     *
     * @param name its name
     * @param size the stored packet's length
     * @param date the stored packet's date, milliseconds since the epoch
     */
    public record Entry(String name, long size, long date) {
        /** @throws BitDustException INVALID_ARGUMENT for a bad name or negative size */
        public Entry {
            StorageProtocol.checkName(name);
            if (size < 0) {
                throw BitDustException.invalid("an object's size is 0 or more");
            }
        }
    }

    /** @return the plain text */
    public byte[] toText() {
        StringBuilder text = new StringBuilder("L1 ").append(allocated).append(' ').append(used).append(' ')
                .append(entries.size()).append('\n');
        for (Entry entry : entries) {
            text.append(entry.size).append(' ').append(entry.date).append(' ').append(entry.name).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param text the plain text
     * @return the listing
     * @throws BitDustException INVALID_ARGUMENT naming the first wrong line
     */
    public static Listing parseText(byte[] text) {
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 2 || !lines[lines.length - 1].isEmpty()) {
            throw BitDustException.invalid("a listing is lines ending in a line feed");
        }
        String[] head = lines[0].split(" ");
        if (head.length != 4 || !"L1".equals(head[0])) {
            throw BitDustException.invalid("a listing starts with 'L1 <allocated> <used> <count>', not "
                    + StorageProtocol.printable(lines[0]));
        }
        long count = number(head[3], 1);
        if (count != lines.length - 2) {
            throw BitDustException.invalid("a listing announces " + count + " objects and holds " + (lines.length - 2));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] parts = lines[i].split(" ", 3);
            if (parts.length != 3) {
                throw BitDustException.invalid("listing line " + (i + 1) + " is not '<size> <date> <name>'");
            }
            entries.add(new Entry(parts[2], number(parts[0], i + 1), number(parts[1], i + 1)));
        }
        return new Listing(number(head[1], 1), number(head[2], 1), entries);
    }

    /**
     * @param customer the customer's agreement key
     * @param random   for the seal
     * @return the Files payload
     */
    public byte[] seal(AgreementPublicKey customer, SecureRandom random) {
        return Payload.builder().bytes(FIELD, SealedBox.seal(customer, toText(), random)).toBytes();
    }

    /**
     * @param mine    my agreement key pair
     * @param payload a Files payload
     * @return the listing it seals
     * @throws BitDustException INVALID_ARGUMENT when it is malformed or not sealed to me
     */
    public static Listing open(AgreementKeyPair mine, byte[] payload) {
        return open(box -> SealedBox.open(mine, box), payload);
    }

    /**
     * @param mine    my key ring
     * @param payload a Files payload
     * @return the listing it seals
     * @throws BitDustException INVALID_ARGUMENT when it is malformed or not sealed to me
     */
    public static Listing open(KeyRing mine, byte[] payload) {
        return open(mine::openSealed, payload);
    }

    private static Listing open(UnaryOperator<byte[]> unseal, byte[] payload) {
        Payload fields = Payload.parse(payload);
        StorageProtocol.fields(fields, "a Files", FIELD);
        byte[] text;
        try {
            text = unseal.apply(fields.bytes(FIELD).orElseThrow());
        } catch (RuntimeException e) {
            throw BitDustException.invalid("the listing is not sealed to me: " + e.getMessage());
        }
        return parseText(text);
    }

    private static long number(String text, int line) {
        try {
            long value = Long.parseLong(text);
            if (value < 0 || !text.equals(Long.toString(value))) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw BitDustException.invalid("listing line " + line + ": " + StorageProtocol.printable(text)
                    + " is not a whole number 0 or more");
        }
    }
}
