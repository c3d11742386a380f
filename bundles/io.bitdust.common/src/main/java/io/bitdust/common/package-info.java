/**
 * Value types shared by every BitDust bundle: {@link io.bitdust.common.BitDustException} with its
 * {@link io.bitdust.common.ErrorCode}, {@link io.bitdust.common.DiskSize}, the JSON mapper setup, the port probe
 * {@link io.bitdust.common.Ports}, and files written whole ({@link io.bitdust.common.AtomicFiles}) or past the page
 * cache ({@link io.bitdust.common.UncachedFiles}).
 */
@Export
@Version("2.3.0")
package io.bitdust.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
