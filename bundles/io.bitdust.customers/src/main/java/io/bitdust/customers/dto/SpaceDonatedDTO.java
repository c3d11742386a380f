package io.bitdust.customers.dto;

import java.util.List;

/** The space I donate and how my customers use it, as {@code space_donated} shows it. */
public class SpaceDonatedDTO {
    /** {@code services/supplier/donated-space} in bytes. */
    public long donatedBytes;
    /** The bytes allocated to contracts. */
    public long allocatedBytes;
    /** The bytes stored objects take, per-object overhead included. */
    public long usedBytes;
    /** The bytes not allocated: donated less allocated, 0 or more. */
    public long freeBytes;
    /** The bytes in the data folder waiting for the end of the delete grace period. */
    public long pendingDeleteBytes;
    /** The customers, as {@code customers_list}. */
    public List<CustomerDTO> customers;
}
