/**
 * The one way BitDust bundles run an embedded Jetty server of their own: {@link io.bitdust.jetty.JettyServer}.
 */
@Export
@Version("1.0.0")
package io.bitdust.jetty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
