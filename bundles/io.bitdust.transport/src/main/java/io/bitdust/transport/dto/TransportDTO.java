package io.bitdust.transport.dto;

import java.util.List;

/** One transport as the gateway sees it, for {@code bitdust:transports} and {@code transports_list}. */
public class TransportDTO {
    /** The transport's service id, or 0 outside OSGi. */
    public long serviceId;
    /** Its protocol, e.g. {@code tcp}. */
    public String protocol;
    /** {@code active}, {@code starting} or {@code failed}. */
    public String state;
    /** The contacts it published, best first; empty unless active. */
    public List<String> contacts;
    /** Why it failed; {@code null} unless failed. */
    public String reason;
}
