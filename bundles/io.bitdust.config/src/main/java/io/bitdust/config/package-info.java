/**
 * BitDust's typed configuration. Each bundle declares the {@link io.bitdust.config.Option}s it owns through
 * {@link io.bitdust.config.ConfigService#declare}; users read and change them by key ({@code logs/debug-level});
 * owners subscribe to changes of the keys they use.
 */
@Export
@Version("1.3.0")
package io.bitdust.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
