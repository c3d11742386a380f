/** Data transfer objects of the suppliers area: plain public fields, for the shell and the HTTP API. */
@Export
@Version("1.0.0")
package io.bitdust.suppliers.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
