/**
 * The BitDust API: every function of the seed API under its exact name and parameters, reached the same way from
 * the shell, the HTTP gateway and the web page. Results use the seed's envelope ({@link io.bitdust.api.ApiResult}).
 */
@Export
@Version("1.1.0")
package io.bitdust.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
