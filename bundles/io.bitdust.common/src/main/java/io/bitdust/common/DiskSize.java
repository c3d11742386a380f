package io.bitdust.common;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of disk space in bytes, written the BitDust way: {@code "128 MB"}, {@code "8 GB"}, {@code "512 bytes"}.
 * Units are binary (1 KB = 1024 bytes), as in the original. Immutable.
 */
public final class DiskSize implements Comparable<DiskSize> {
    private static final String[] UNITS = {"bytes", "KB", "MB", "GB", "TB"};
    private static final Pattern TEXT =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(b|byte|bytes|kb|k|mb|m|gb|g|tb|t)?\\s*", Pattern.CASE_INSENSITIVE);

    private final long bytes;

    private DiskSize(long bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes a count of bytes, zero or more
     * @return the size
     * @throws BitDustException INVALID_ARGUMENT when negative
     */
    public static DiskSize ofBytes(long bytes) {
        if (bytes < 0) {
            throw BitDustException.invalid("disk space cannot be negative: " + bytes);
        }
        return new DiskSize(bytes);
    }

    /**
     * Parses {@code "128 MB"}, {@code "128MB"}, {@code "1.5 gb"}, {@code "4096"} (bytes) and the like.
     *
     * @param text the written size
     * @return the size, rounded down to whole bytes
     * @throws BitDustException INVALID_ARGUMENT naming the text when it is not a size
     */
    public static DiskSize parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw BitDustException.invalid("'" + text + "' is not a disk space; write it like '128 MB' or '8 GB'");
        }
        int unit = m.group(2) == null ? 0 : unitIndex(m.group(2).toLowerCase(Locale.ROOT).charAt(0));
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << (10 * unit)));
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw BitDustException.invalid("'" + text + "' is too large a disk space");
        }
        return new DiskSize(value.longValue());
    }

    private static int unitIndex(char first) {
        switch (first) {
            case 'k': return 1;
            case 'm': return 2;
            case 'g': return 3;
            case 't': return 4;
            default: return 0;
        }
    }

    /** @return the size in bytes */
    public long bytes() {
        return bytes;
    }

    /**
     * @return the exact canonical text: the largest unit that divides the size exactly, e.g. {@code "128 MB"},
     *     {@code "1536 MB"} for 1.5 GB, {@code "0 bytes"}; {@link #parse} of it gives this size back
     */
    @Override
    public String toString() {
        int unit = 0;
        long value = bytes;
        while (unit < UNITS.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + UNITS[unit];
    }

    /** @return an approximate, human-friendly text with two decimals at most, e.g. {@code "82.93 MB"} */
    public String toHumanString() {
        int unit = 0;
        double value = bytes;
        while (unit < UNITS.length - 1 && value >= 1024) {
            value /= 1024;
            unit++;
        }
        String number = BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        return number + " " + UNITS[unit];
    }

    @Override
    public int compareTo(DiskSize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiskSize && ((DiskSize) o).bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }
}
