/**
 * Restores: a complete version of the catalog read back from the suppliers of my family and unpacked into a folder.
 * {@link io.bitdust.restore.RestoreService} starts, lists and aborts restore jobs and counts the suppliers that served
 * bad data; {@link io.bitdust.restore.RestoreJob} is one job's snapshot, in a {@link io.bitdust.restore.RestoreState}.
 */
@Export
@Version("1.1.0")
package io.bitdust.restore;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
