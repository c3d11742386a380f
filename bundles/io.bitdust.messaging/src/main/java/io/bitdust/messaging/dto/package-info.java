/** Data transfer objects of the messaging area: plain public fields, for the shell and the HTTP API. */
@Export
@Version("1.0.0")
package io.bitdust.messaging.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
