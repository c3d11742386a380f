package io.bitdust.config;

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
}
