package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.config.ConfigService;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.IdentityCache;
import io.bitdust.identity.IdentityService;
import io.bitdust.transport.Gateway;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The area services the API reaches. Each supplier answers null while its area is not running, so that only that
 * area's functions fail, with "{@code <area> is not running}".
 */
final class Areas {
    final Supplier<ConfigService> config;
    final Supplier<ProcessControl> process;
    final Supplier<KeyRing> keys;
    final Supplier<IdentityService> identity;
    final Supplier<IdentityCache> identities;
    final Supplier<Gateway> gateway;

    Areas(Supplier<ConfigService> config, Supplier<ProcessControl> process, Supplier<KeyRing> keys,
            Supplier<IdentityService> identity, Supplier<IdentityCache> identities, Supplier<Gateway> gateway) {
        this.config = config;
        this.process = process;
        this.keys = keys;
        this.identity = identity;
        this.identities = identities;
        this.gateway = gateway;
    }

    /**
     * @param area its service supplier
     * @param name the area's name, for the error
     * @return the running service
     * @throws BitDustException UNAVAILABLE "{@code <name> is not running}"
     */
    static <T> T running(Supplier<T> area, String name) {
        T service = area.get();
        if (service == null) {
            throw BitDustException.unavailable(name + " is not running");
        }
        return service;
    }

    /** @return each area's name and whether it runs */
    Map<String, Boolean> status() {
        Map<String, Boolean> up = new LinkedHashMap<>();
        up.put("config", config.get() != null);
        up.put("process", process.get() != null);
        up.put("keys", keys.get() != null);
        up.put("identity", identity.get() != null);
        up.put("identity cache", identities.get() != null);
        up.put("network", gateway.get() != null);
        return up;
    }
}
