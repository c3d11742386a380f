package io.bitdust.config;

import io.bitdust.common.Ports;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check of use that the owner of an option adds to it ({@link Option#checkedBy}): whether a new value can really be
 * used, beyond its type and relations, e.g. "a server can listen on this port now". It runs inside
 * {@link ConfigService#set} and {@link ConfigService#reset}, before the value is saved, only when the value differs
 * from the one in force (so the port the owner is listening on now is always accepted). Keep it short: it holds the
 * configuration's lock.
 */
@ConsumerType
@FunctionalInterface
public interface OptionCheck {
    /**
     * @param change the option, the value it would take ({@link OptionValue#value()}, canonical) and the value in force
     *               ({@link OptionValue#oldValue()})
     * @throws io.bitdust.common.BitDustException naming why the value cannot be used; the change is then refused with
     *     the exception's code and nothing changes
     */
    void check(OptionValue change);

    /**
     * @param host the address the owner's server listens on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @return the check of a port option: a server can listen on {@code host} and the new port now
     */
    static OptionCheck portFreeOn(String host) {
        return change -> Ports.checkBindable(host, Integer.parseInt(change.value()));
    }
}
