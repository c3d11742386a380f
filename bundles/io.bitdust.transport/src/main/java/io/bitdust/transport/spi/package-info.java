/**
 * The transport plugin contract, pure interfaces: implement {@link io.bitdust.transport.spi.Transport} and register
 * it, bundle-scoped, with the {@value io.bitdust.transport.spi.Transport#PROTOCOL_PROPERTY} service property (a
 * plugin's component usually does so through {@code io.bitdust.config.ReconfiguringService}); the gateway starts it,
 * publishes its contacts in this node's identity, sends {@link io.bitdust.transport.spi.Frame}s through it and
 * receives packets from it through an {@link io.bitdust.transport.spi.InboundSink}. {@code docs/transports.md}
 * describes the contract. 2.0.0: the registration helper left this package (it needed config and the framework).
 */
@Export
@Version("2.0.0")
package io.bitdust.transport.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
