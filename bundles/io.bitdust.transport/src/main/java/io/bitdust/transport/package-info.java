/**
 * The node's packet gateway: {@link io.bitdust.transport.Gateway} sends packets over the transports that are up and
 * matches replies; {@link io.bitdust.transport.PacketHandler}s registered as services serve received commands.
 */
@Export
@Version("3.1.0")
package io.bitdust.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
