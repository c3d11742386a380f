/**
 * BitDust's cryptography, built on vetted primitives only: Ed25519 signatures and X25519 key agreement from Bouncy
 * Castle's lightweight API, AES-256-GCM and SHA-256 from the JDK provider. {@link io.bitdust.crypto.Signatures},
 * {@link io.bitdust.crypto.SealedBox}, {@link io.bitdust.crypto.BlockCipher}, {@link io.bitdust.crypto.StreamCipher}
 * and {@link io.bitdust.crypto.Hashes} are stateless and thread-safe; {@link io.bitdust.crypto.KeyRing} is the
 * service holding this node's private keys. Failures are {@link io.bitdust.common.BitDustException}s with a code.
 */
@Export
@Version("1.5.0")
package io.bitdust.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
