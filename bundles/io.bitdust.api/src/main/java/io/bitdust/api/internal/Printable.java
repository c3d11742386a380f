package io.bitdust.api.internal;

/**
 * Text from a caller made safe for a log line or a terminal: control characters are written as escapes, so a NUL or
 * a line break in a parameter can neither cut a log line nor forge another one.
 */
final class Printable {
    private Printable() {
    }

    /** @return {@code text} with every control character (C0, DEL, C1, U+2028, U+2029) as an escape; null as "null" */
    static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escapeOf(c);
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                out.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** @return whether {@code text} holds a character that {@link #escape} would change */
    static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(c -> escapeOf((char) c) != null);
    }

    private static String escapeOf(char c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\0': return "\\0";
            default:
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                    return String.format("\\u%04x", (int) c);
                }
                return null;
        }
    }
}
