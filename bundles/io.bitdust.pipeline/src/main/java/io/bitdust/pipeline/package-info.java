/**
 * The pack/unpack pipeline: a library with no OSGi runtime dependency that the backup and restore sides both use.
 * {@link io.bitdust.pipeline.Packer} turns a file or a folder into fragment files: tar, blocks of a fixed size each
 * compressed with zstd on its own, AES-256-GCM under a data key of the version (sealed to the owner's X25519 key in a
 * {@link io.bitdust.pipeline.VersionManifest} that the owner signs with its Ed25519 key, with the SHA-256 of every
 * fragment), and Reed-Solomon ({@code ecc/NxN}: any {@code N} of the {@code 2N} fragments of a block restore it).
 * {@link io.bitdust.pipeline.Unpacker} accepts only a manifest signed by the expected owner and restores from any
 * {@code N} good fragments per block (a fragment is good once its hash matches the signed manifest) into a
 * destination, never writing outside it. Fragments go to a {@link io.bitdust.pipeline.FragmentSink}
 * and come from a {@link io.bitdust.pipeline.FragmentSource}; {@link io.bitdust.pipeline.LocalFragmentFolder} is
 * both. The byte formats are described in {@link io.bitdust.pipeline.FragmentName},
 * {@link io.bitdust.pipeline.FragmentFile} and {@link io.bitdust.pipeline.VersionManifest}.
 * {@link io.bitdust.pipeline.PipelineWarmUp} readies the JIT-compiled fast paths. Failures are
 * {@link io.bitdust.common.BitDustException}s.
 */
@Export
@Version("4.0.0")
package io.bitdust.pipeline;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
