/**
 * The customer side of storage contracts: this node hires other nodes (its suppliers) to keep its data.
 * {@link io.bitdust.suppliers.SupplierService} lists, pings, replaces and changes suppliers and tells the consumed
 * space.
 */
@Export
@Version("1.2.0")
package io.bitdust.suppliers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
