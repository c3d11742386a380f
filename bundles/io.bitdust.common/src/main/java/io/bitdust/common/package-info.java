/**
 * Value types shared by every BitDust bundle: {@link io.bitdust.common.BitDustException} with its
 * {@link io.bitdust.common.ErrorCode}, {@link io.bitdust.common.DiskSize}, the JSON mapper setup, and the port probe
 * {@link io.bitdust.common.Ports}.
 */
@Export
@Version("2.1.0")
package io.bitdust.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
