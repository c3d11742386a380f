/**
 * Value types shared by every BitDust bundle: {@link io.bitdust.common.BitDustException} with its
 * {@link io.bitdust.common.ErrorCode}, {@link io.bitdust.common.DiskSize} and the JSON mapper setup.
 */
@Export
@Version("1.0.0")
package io.bitdust.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
