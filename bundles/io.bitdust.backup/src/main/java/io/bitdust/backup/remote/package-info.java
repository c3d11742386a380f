/**
 * Where versions live: the {@link io.bitdust.pipeline.FragmentSink} and {@link io.bitdust.pipeline.FragmentSource}
 * that store a version's fragments and manifest at the suppliers of my family and read them back.
 * {@link io.bitdust.backup.remote.SupplierFragmentSink} sends one version as Data packets, bounded and retried per
 * supplier; {@link io.bitdust.backup.remote.SupplierFragmentSource} retrieves them, an erasure for every fragment a
 * supplier does not deliver. Used by backup jobs, by the restore area and to rebuild fragments;
 * {@link io.bitdust.backup.remote.SupplierRequests} is how any of them asks a supplier something.
 */
@Export
@Version("2.0.0")
package io.bitdust.backup.remote;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
