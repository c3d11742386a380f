package io.bitdust.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The address of a node's identity document on an identity server, e.g. {@code http://id.example.org:8084/alice.json}:
 * scheme {@code http} or {@code https}, a host, an optional port, and one path segment {@code <name>.json}. The name
 * (3 to 32 of {@code a-z 0-9 _ -}, starting with a letter or digit) is the node's user name on that server.
 * Immutable; two IDURLs are equal when their normalised text is (host lower-cased, default port dropped). The texts
 * parsed last are remembered (at most {@value #REMEMBERED}): every packet carries three IDURLs, mostly the same few.
 */
public final class IdUrl implements Comparable<IdUrl> {
    /** The longest IDURL text accepted. */
    public static final int MAX_LENGTH = 256;
    /** How many parsed texts are remembered before they are all forgotten and remembered anew. */
    static final int REMEMBERED = 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{2,31}");
    private static final Map<String, IdUrl> PARSED = new ConcurrentHashMap<>();

    private final String scheme;
    private final String host;
    private final int port;
    private final String name;
    private final String text;

    private IdUrl(String scheme, String host, int port, String name) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.name = name;
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        this.text = scheme + "://" + host + (defaultPort ? "" : ":" + port) + "/" + name + ".json";
    }

    /**
     * @param text an IDURL such as {@code http://127.0.0.1:8084/alice.json}
     * @return the parsed, normalised IDURL
     * @throws BitDustException INVALID_ARGUMENT naming the text and what is wrong with it
     */
    public static IdUrl parse(String text) {
        IdUrl known = text == null ? null : PARSED.get(text);
        if (known != null) {
            return known;
        }
        IdUrl parsed = parseText(text);
        if (PARSED.size() >= REMEMBERED) {
            PARSED.clear();
        }
        PARSED.put(text, parsed);
        return parsed;
    }

    private static IdUrl parseText(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw BitDustException.invalid("not an IDURL: '" + text + "' (empty or longer than " + MAX_LENGTH + ")");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw BitDustException.invalid("not an IDURL: '" + text + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw BitDustException.invalid("not an IDURL: '" + text + "': the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw BitDustException.invalid("not an IDURL: '" + text + "': expected http://host[:port]/<name>.json");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.startsWith("/") || !path.endsWith(".json") || path.indexOf('/', 1) >= 0) {
            throw BitDustException.invalid("not an IDURL: '" + text + "': the path must be /<name>.json");
        }
        String name = path.substring(1, path.length() - ".json".length());
        if (!NAME.matcher(name).matches()) {
            throw BitDustException.invalid("not an IDURL: '" + text + "': the name '" + name
                    + "' must be 3 to 32 of a-z, 0-9, _ and -, starting with a letter or digit");
        }
        return new IdUrl(scheme, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), name);
    }

    /**
     * @param server an identity server's base, e.g. {@code http://127.0.0.1:8084}
     * @param name   the user name on it
     * @return the IDURL of {@code name} on {@code server}
     */
    public static IdUrl of(String server, String name) {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        return parse(base + "/" + name + ".json");
    }

    /** @return {@code true} when {@code name} is a valid user name for an IDURL */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @return {@code http} or {@code https} */
    public String scheme() {
        return scheme;
    }

    /** @return the host, lower-cased */
    public String host() {
        return host;
    }

    /** @return the port, the scheme's default when none was given */
    public int port() {
        return port != -1 ? port : "https".equals(scheme) ? 443 : 80;
    }

    /** @return the user name, e.g. {@code alice} */
    public String name() {
        return name;
    }

    /** @return the identity server's base address, e.g. {@code http://id.example.org:8084} */
    public String server() {
        return text.substring(0, text.length() - name.length() - ".json".length() - 1);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdUrl && ((IdUrl) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public int compareTo(IdUrl other) {
        return text.compareTo(other.text);
    }
}
