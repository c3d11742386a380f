/**
 * The storage protocol both sides of a contract speak (docs/protocol.md §3): a customer hires a supplier with a
 * {@link io.bitdust.storage.ServiceRequest}, stores objects with {@link io.bitdust.storage.StoredData}, reads them back
 * with a {@link io.bitdust.storage.RetrieveRequest}, lists them with a {@link io.bitdust.storage.ListRequest} (answered
 * by a sealed {@link io.bitdust.storage.Listing}), deletes them with a {@link io.bitdust.storage.DeleteRequest}, and
 * ends the contract with a {@link io.bitdust.storage.ServiceCancel}. A {@link io.bitdust.storage.CatalogCopy} is the
 * one object a supplier reads: the customer's catalog export with its revision. Every payload is a
 * {@link io.bitdust.transport.packet.Payload}; parsing one checks every field and names the first that is wrong.
 */
@Export
@Version("2.3.0")
package io.bitdust.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
