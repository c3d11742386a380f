/**
 * Reed-Solomon erasure coding of BitDust blocks: an {@link io.bitdust.raid.EccMap} names how many data and parity
 * shards a block has, an {@link io.bitdust.raid.EccCodec} computes the parity shards and restores missing shards
 * from any {@code N} of the {@code 2N}. The parity is byte-identical to Backblaze's JavaReedSolomon.
 */
@Export
@Version("1.1.0")
package io.bitdust.raid;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
