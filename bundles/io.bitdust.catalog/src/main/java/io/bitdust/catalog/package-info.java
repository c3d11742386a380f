/**
 * The catalog of my backups: items (files and folders, by path ID), their versions, and which fragment of which block
 * is delivered at which supplier position. {@link io.bitdust.catalog.Catalog} is the service; the other types are
 * immutable records and enums it takes and gives. {@link io.bitdust.pipeline.FragmentName} of
 * {@code io.bitdust.pipeline} is the one type that names blocks and fragments; {@link io.bitdust.catalog.NamingKey}
 * turns it into the opaque object names suppliers see.
 */
@Export
@Version("3.1.0")
package io.bitdust.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
