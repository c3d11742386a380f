/**
 * Identities: the signed {@link io.bitdust.identity.Identity} document every node publishes on identity servers,
 * this node's own identity ({@link io.bitdust.identity.IdentityService}) and the cache of other nodes' identities
 * ({@link io.bitdust.identity.IdentityCache}), and my recovery record on the identity servers
 * ({@link io.bitdust.identity.RecoveryRecords}).
 */
@Export
@Version("1.4.0")
package io.bitdust.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
