package io.bitdust.customers.dto;

/** One customer and its contract, as {@code customers_list} shows it. */
public class CustomerDTO {
    /** The customer's IDURL. */
    public String idurl;
    /** The ECC map of the customer's family of suppliers, e.g. {@code ecc/4x4}. */
    public String eccMap;
    /** My position in that family, 0 to N-1. */
    public int position;
    /** The bytes the contract allocates. */
    public long allocatedBytes;
    /** The bytes the customer's stored objects take, per-object overhead included. */
    public long usedBytes;
    /** How many objects I keep for it. */
    public long files;
    /** When the contract began (or was last renewed), ISO-8601. */
    public String since;
    /** Whether the last exchange with it succeeded. */
    public boolean online;
}
