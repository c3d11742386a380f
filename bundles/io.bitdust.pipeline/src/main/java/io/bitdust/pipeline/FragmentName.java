package io.bitdust.pipeline;

import io.bitdust.common.BitDustException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one fragment, as in BitDust: {@code <backupID>/<block>-<position>-Data} or {@code ...-Parity}, for
 * example {@code 0/0/1/0/F20160313043757PM/0-1-Data}. The supplier at {@code position} holds the Data and the Parity
 * fragment of that position for every block. A backup ID is a relative path of one or more {@code /}-separated
 * segments, none of them empty, {@code .} or {@code ..}, without backslashes or control characters. Immutable.
 *
 * @param backupId the backup ID, {@code <pathID>/<version>}
 * @param block    the block number, from 0
 * @param position the supplier position, from 0 to {@code N - 1}
 * @param parity   whether this is the Parity fragment of the position (else the Data fragment)
 */
public record FragmentName(String backupId, long block, int position, boolean parity) {
    /** The most characters of a backup ID. */
    public static final int MAX_BACKUP_ID_LENGTH = 1024;
    private static final Pattern NAME = Pattern.compile("(.+)/(\\d{1,18})-(\\d{1,9})-(Data|Parity)");

    /**
     * @throws BitDustException INVALID_ARGUMENT naming the problem when the backup ID is malformed or a number is
     *     negative
     */
    public FragmentName {
        checkBackupId(backupId);
        if (block < 0 || position < 0) {
            throw BitDustException.invalid("fragment block " + block + " and position " + position
                    + " must not be negative");
        }
    }

    /**
     * @param text a fragment name such as {@code 0/1/F20160313043757PM/3-0-Parity}
     * @return the parsed name
     * @throws BitDustException INVALID_ARGUMENT when the text is not a fragment name
     */
    public static FragmentName parse(String text) {
        Matcher m = NAME.matcher(text);
        if (!m.matches()) {
            throw BitDustException.invalid("'" + text + "' is not a fragment name <backupID>/<block>-<position>-"
                    + "Data|Parity");
        }
        return new FragmentName(m.group(1), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4).equals("Parity"));
    }

    /**
     * @param backupId a backup ID
     * @return the backup ID
     * @throws BitDustException INVALID_ARGUMENT naming the problem when it is not a safe relative path
     */
    public static String checkBackupId(String backupId) {
        if (backupId == null || backupId.isEmpty() || backupId.length() > MAX_BACKUP_ID_LENGTH) {
            throw BitDustException.invalid("a backup ID has 1 to " + MAX_BACKUP_ID_LENGTH + " characters");
        }
        for (String segment : backupId.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw BitDustException.invalid("backup ID '" + backupId + "' has an empty, '.' or '..' segment");
            }
        }
        if (backupId.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            throw BitDustException.invalid("backup ID '" + backupId.replaceAll("\\p{Cntrl}", "?")
                    + "' has a control character or a backslash");
        }
        return backupId;
    }

    /** @return the last part of the name, {@code <block>-<position>-Data|Parity} */
    public String fileName() {
        return block + "-" + position + (parity ? "-Parity" : "-Data");
    }

    /** @return the full name, {@code <backupID>/<block>-<position>-Data|Parity} */
    @Override
    public String toString() {
        return backupId + "/" + fileName();
    }
}
