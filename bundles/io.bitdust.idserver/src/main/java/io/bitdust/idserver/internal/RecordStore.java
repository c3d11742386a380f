package io.bitdust.idserver.internal;

import io.bitdust.common.AtomicFiles;
import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.common.IdUrl;
import io.bitdust.crypto.SigningPublicKey;
import io.bitdust.identity.RecoveryRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery records an identity server holds, one per hosted name: a file {@code <name>.record} beside the
 * identity's {@code <name>.json}, written atomically, and an index in memory. A record replaces the held one only
 * with a strictly higher revision. Thread-safe.
 */
final class RecordStore {
    static final String SUFFIX = ".record";
    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);

    private final Path folder;
    private final Map<String, RecoveryRecord> records = new ConcurrentHashMap<>();

    /**
     * Loads the records kept in {@code folder}; a damaged file is reported and skipped.
     *
     * @param folder the identity store's folder; created when missing
     */
    RecordStore(Path folder) {
        this.folder = folder;
        AtomicFiles.createFolder(folder);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                try {
                    if (Files.size(file) > RecoveryRecord.MAX_SIZE) {
                        throw BitDustException.invalid("larger than " + RecoveryRecord.MAX_SIZE + " bytes");
                    }
                    RecoveryRecord record = RecoveryRecord.parse(Files.readAllBytes(file));
                    if (!IdUrl.isValidName(name) || !record.name().equals(name)) {
                        throw BitDustException.invalid("the record is of '" + record.name() + "'");
                    }
                    records.put(name, record);
                } catch (BitDustException | IOException e) {
                    LOG.warn("Skipped the stored recovery record {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BitDustException(ErrorCode.INTERNAL, "cannot list the recovery records in " + folder + ": " + e,
                    e);
        }
    }

    /**
     * @param name a user name
     * @return the record held for it
     */
    Optional<RecoveryRecord> get(String name) {
        return Optional.ofNullable(records.get(name));
    }

    /**
     * Keeps {@code record} as the record of {@code name} when it is signed by {@code key} and its revision is higher
     * than the held one's.
     *
     * @param name   the user name of a hosted identity
     * @param record the record
     * @param key    the signing key of that identity
     * @throws BitDustException INVALID_ARGUMENT when the record is of another name or not signed by the key;
     *     CONFLICT when its revision is not higher than the held one's; INTERNAL when it cannot be written
     */
    synchronized void put(String name, RecoveryRecord record, SigningPublicKey key) {
        if (!record.name().equals(name)) {
            throw BitDustException.invalid("the recovery record is of '" + record.name() + "', not of '" + name
                    + "'");
        }
        if (!record.verify(key)) {
            throw BitDustException.invalid("the recovery record's signature does not match the signing key of the "
                    + "identity '" + name + "'");
        }
        RecoveryRecord held = records.get(name);
        if (held != null && record.revision() <= held.revision()) {
            throw new BitDustException(ErrorCode.CONFLICT, "revision " + record.revision() + " of the recovery record "
                    + "of '" + name + "' is not higher than the stored revision " + held.revision());
        }
        AtomicFiles.write(folder.resolve(name + SUFFIX), record.toJson());
        records.put(name, record);
    }
}
