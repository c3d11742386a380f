/**
 * The signed packet every peer-to-peer message travels in: {@link io.bitdust.transport.packet.Packet} (an immutable,
 * Ed25519-signed value), its {@link io.bitdust.transport.packet.Command}s, the versioned binary
 * {@link io.bitdust.transport.packet.PacketCodec}, and the {@link io.bitdust.transport.packet.PacketValidator} that
 * decides whether a received packet may be acted on. Every refusal is a
 * {@link io.bitdust.transport.packet.PacketException} naming its
 * {@link io.bitdust.transport.packet.PacketException.Reason}.
 */
@Export
@Version("1.6.0")
package io.bitdust.transport.packet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
