/**
 * The catalog of my backups: items (files and folders, by path ID), their versions, and which fragment of which block
 * is delivered at which supplier position. {@link io.bitdust.catalog.Catalog} is the service; the other types are
 * immutable records and enums it takes and gives. {@link io.bitdust.catalog.FragmentRef} is the one type that names
 * blocks and fragments, also the opaque object names suppliers see.
 */
@Export
@Version("2.2.0")
package io.bitdust.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
