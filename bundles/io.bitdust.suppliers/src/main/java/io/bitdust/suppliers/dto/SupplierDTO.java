package io.bitdust.suppliers.dto;

/** One position of my family of suppliers, as {@code suppliers_list} shows it. */
public class SupplierDTO {
    /** The position, 0 to N-1. */
    public int position;
    /** The supplier's IDURL; {@code null} while the position is empty. */
    public String idurl;
    /** Whether the last exchange with it succeeded. */
    public boolean online;
    /**
     * The contract's state: {@code hiring} (a RequestService is on its way), {@code active} (accepted),
     * {@code refused} (it answered Fail; it will be replaced), {@code empty} (nobody at this position).
     */
    public String contract;
    /** The bytes the contract allocates at the supplier. */
    public long allocatedBytes;
    /** The bytes my objects take there, as its last listing said. */
    public long usedBytes;
    /** When it was last seen online, ISO-8601; {@code null} if never. */
    public String lastSeen;
    /** Why the position is not active, in words; {@code null} when it is. */
    public String reason;
}
