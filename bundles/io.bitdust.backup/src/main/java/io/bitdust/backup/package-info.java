/**
 * The backup area: jobs that back up items of the catalog to my suppliers, one after another from a queue, with
 * progress; retention; deletion of versions at the suppliers; and the rebuild of what a supplier position lacks.
 */
@Export
@Version("1.1.0")
package io.bitdust.backup;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
