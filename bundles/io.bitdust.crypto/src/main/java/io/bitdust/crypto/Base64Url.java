package io.bitdust.crypto;

import io.bitdust.common.BitDustException;

import java.util.Base64;

/** The text form of raw keys: base64url without padding; only the canonical text of some bytes is accepted. */
final class Base64Url {
    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] decode(String text, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text == null ? "?" : text);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || !encode(bytes).equals(text)) {
            throw BitDustException.invalid("'" + text + "' is not a base64url " + what);
        }
        return bytes;
    }
}
