package io.bitdust.api.internal;

import io.bitdust.common.BitDustException;

/**
 * One service of an area as the API sees it: present or not, under the name its functions and process_health use.
 * Its area component binds and unbinds it as the service comes and goes; plain wiring and tests bind it directly.
 *
 * @param <S> the service's type
 */
final class AreaService<S> {
    private final String name;
    private volatile S service;
    // The reference the service came with, so that the unbind of a replaced service does not clear its successor.
    private Object source;

    AreaService(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** @return the service, or null while its area is not running */
    S current() {
        return service;
    }

    boolean running() {
        return service != null;
    }

    /**
     * @return the service
     * @throws BitDustException UNAVAILABLE "{@code <name> is not running}"
     */
    S get() {
        S running = service;
        if (running == null) {
            throw BitDustException.unavailable(name + " is not running");
        }
        return running;
    }

    /**
     * @param source what the service came with (its service reference), handed again to {@link #unbind}
     * @param service the service, typed by the caller's reference; Object so that area components name no area type
     */
    @SuppressWarnings("unchecked")
    synchronized void bind(Object source, Object service) {
        this.source = source;
        this.service = (S) service;
    }

    /** Forgets the service that came with {@code source}, unless another one has replaced it since. */
    synchronized void unbind(Object source) {
        if (this.source != null && this.source.equals(source)) {
            this.source = null;
            this.service = null;
        }
    }
}
