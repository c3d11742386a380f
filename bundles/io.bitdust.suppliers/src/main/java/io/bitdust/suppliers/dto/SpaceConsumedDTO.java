package io.bitdust.suppliers.dto;

/** The space my contracts give me, as {@code space_consumed} shows it. */
public class SpaceConsumedDTO {
    /** {@code services/customer/needed-space} in bytes. */
    public long neededBytes;
    /** The number of positions, N of my ECC map. */
    public int suppliers;
    /** How many positions have an active contract. */
    public int activeSuppliers;
    /** My ECC map, e.g. {@code ecc/4x4}. */
    public String eccMap;
    /** The bytes allocated to me at all suppliers together. */
    public long allocatedBytes;
    /** The bytes my objects take at all suppliers together. */
    public long usedBytes;
}
