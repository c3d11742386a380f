/**
 * The transport plugin contract: implement {@link io.bitdust.transport.spi.Transport} and register it with the
 * {@value io.bitdust.transport.spi.Transport#PROTOCOL_PROPERTY} service property; the gateway starts it, publishes
 * its contacts in this node's identity, sends {@link io.bitdust.transport.spi.Frame}s through it and receives packets
 * from it through an {@link io.bitdust.transport.spi.InboundSink}. {@code docs/transports.md} describes the contract.
 */
@Export
@Version("1.0.0")
package io.bitdust.transport.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
