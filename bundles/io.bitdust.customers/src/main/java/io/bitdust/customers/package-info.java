/**
 * The supplier side of storage contracts: this node keeps other nodes' (its customers') data in the space it donates.
 * {@link io.bitdust.customers.CustomerService} lists, pings and rejects customers and tells the donated space.
 */
@Export
@Version("1.0.0")
package io.bitdust.customers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
