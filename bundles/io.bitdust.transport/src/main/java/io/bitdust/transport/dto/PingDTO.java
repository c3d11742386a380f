package io.bitdust.transport.dto;

/** The answer to a ping. */
public class PingDTO {
    /** The peer pinged. */
    public String idurl;
    /** The time from sending my identity to receiving the Ack, in milliseconds. */
    public long roundTripMillis;
    /** The protocol of the transport that delivered my identity, e.g. {@code tcp}. */
    public String protocol;
    /** The peer's contact that took it, e.g. {@code tcp://198.51.100.7:7771}. */
    public String contact;
}
