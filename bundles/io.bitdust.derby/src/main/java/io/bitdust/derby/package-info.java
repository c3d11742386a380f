/**
 * The house pattern for Derby: every area keeps its own embedded database in its own folder under the node's data
 * folder ({@code ${karaf.data}/bitdust/db/<area>}), reached through a {@link javax.sql.DataSource} (under OSGi from
 * pax-jdbc-derby's {@code DataSourceFactory}, in plain tests from Derby's embedded data source), created and upgraded
 * by a versioned {@link io.bitdust.derby.Schema}, changed in transactions, and shut down cleanly when its component
 * stops. {@link io.bitdust.derby.Database} is the one class an area uses.
 */
@Export
@Version("1.0.0")
package io.bitdust.derby;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
