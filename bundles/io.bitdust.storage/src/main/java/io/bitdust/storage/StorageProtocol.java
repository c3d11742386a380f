package io.bitdust.storage;

import io.bitdust.common.BitDustException;
import io.bitdust.raid.EccMap;
import io.bitdust.transport.packet.PacketCodec;
import io.bitdust.transport.packet.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The constants and shared rules of the storage protocol. */
public final class StorageProtocol {
    /** The name of the service a customer asks a supplier for. */
    public static final String SUPPLIER_SERVICE = "supplier";
    /**
     * The name of the service a supplier ends at its customer (a CancelService from a supplier: the customer's
     * contract there is over). The {@code service} of a CancelService is the role its recipient plays in the contract
     * it ends, so the two sides of a node that is both customer and supplier of one peer tell them apart.
     */
    public static final String CUSTOMER_SERVICE = "customer";
    /** The longest object name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 2048;
    /** The most names one delete request carries. */
    public static final int MAX_NAMES = 1000;
    /**
     * The longest stored packet (a Data packet as encoded): a supplier must be able to nest it in the payload of its
     * answer to a Retrieve, whose limit is {@link PacketCodec#DEFAULT_MAX_PAYLOAD}; the difference is that payload's
     * framing (version, count, the field's name, type and length).
     */
    public static final int MAX_STORED_PACKET = PacketCodec.DEFAULT_MAX_PAYLOAD - 64;
    /**
     * The most object bytes one Data packet can carry whatever its name and IDURLs: {@link #MAX_STORED_PACKET} less
     * the largest packet header (§2.2: two IDURLs of 256 bytes, a packet ID of 128, a signature of 64, fixed fields)
     * and the Data payload's framing with the longest name.
     */
    public static final int MAX_DATA_BYTES = MAX_STORED_PACKET - 1024 - (MAX_NAME_BYTES + 64);

    private StorageProtocol() {
    }

    /**
     * How much a contract reserves at each supplier: every position keeps a data and a parity shard of each block,
     * so {@code ceil(2 * needed / N)}.
     *
     * @param needed    the space the customer needs in all
     * @param suppliers the number of suppliers, {@code N}
     * @return the bytes to ask each supplier for
     */
    public static long bytesPerSupplier(long needed, int suppliers) {
        if (needed < 0 || suppliers < 1) {
            throw BitDustException.invalid("needed bytes " + needed + " and supplier count " + suppliers);
        }
        return Math.addExact(Math.multiplyExact(2, needed), suppliers - 1) / suppliers;
    }

    /**
     * @param suppliers a supplier count: 2, 4, 7, 13, 18, 26 or 64
     * @return the ECC map of that many suppliers
     * @throws BitDustException INVALID_ARGUMENT naming the counts allowed
     */
    public static EccMap eccMap(int suppliers) {
        for (EccMap map : EccMap.all()) {
            if (map.dataShards() == suppliers) {
                return map;
            }
        }
        throw BitDustException.invalid("no ECC map for " + suppliers + " suppliers; allowed: " + EccMap.all().stream()
                .map(map -> String.valueOf(map.dataShards())).collect(Collectors.joining(", ")));
    }

    /**
     * Checks an object name: 1 to {@value #MAX_NAME_BYTES} bytes of UTF-8, no control characters (names travel one
     * per line in listings and delete requests). A name is only ever a key: it never becomes a file path.
     *
     * @param name a name
     * @return the name
     * @throws BitDustException INVALID_ARGUMENT naming the problem
     */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw BitDustException.invalid("an object name is empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw BitDustException.invalid("an object name of " + bytes + " bytes exceeds " + MAX_NAME_BYTES);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw BitDustException.invalid("an object name holds the control character U+"
                        + String.format("%04X", (int) c) + " at " + i);
            }
        }
        return name;
    }

    /** Reads a decimal text field in a range, naming the field when it is not. */
    static long number(Payload payload, String field, long min, long max) {
        String text = payload.text(field);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw BitDustException.invalid("field '" + field + "' is not a whole number: " + printable(text));
        }
        if (value < min || value > max || !text.equals(Long.toString(value))) {
            throw BitDustException.invalid("field '" + field + "' is " + printable(text) + ", not " + min + " to "
                    + max + " in canonical decimal");
        }
        return value;
    }

    /** Checks that a payload has exactly the fields expected. */
    static void fields(Payload payload, String what, String... names) {
        Set<String> expected = Set.of(names);
        if (!payload.names().equals(expected)) {
            throw BitDustException.invalid(what + " payload has fields " + payload.names() + ", expected "
                    + new TreeSet<>(expected));
        }
    }

    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        StringBuilder out = new StringBuilder("'");
        for (char c : cut.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('\'').toString();
    }
}
