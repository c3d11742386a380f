package io.bitdust.catalog;

import io.bitdust.common.BitDustException;
import io.bitdust.pipeline.FragmentName;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The catalog of my backups (the original's {@code backup_fs}), kept in Derby: items by path ID, their versions, and
 * the fragments of each version with their delivery to the supplier at their position. Every change that changes
 * something raises {@link #revision()} by one, in the same transaction. Bad input gets INVALID_ARGUMENT, an unknown
 * path ID or backup ID NOT_FOUND, a change that does not fit the state CONFLICT; each changes nothing.
 * Thread-safe: changes take turns, each in one transaction.
 */
@ProviderType
public interface Catalog {
    /**
     * Adds entries, in one transaction, with every folder above them the catalog does not know yet. An entry whose
     * local path is known already is kept as it is (its item is returned). A new item gets a random item ID unused
     * among its siblings, below {@code max(16, 2 * (siblings + 1))}, as the original's MakeID.
     *
     * @param entries the entries, e.g. what the backup area found walking a tree
     * @return the item of each entry, in the same order
     * @throws BitDustException INVALID_ARGUMENT for a path that is not absolute or has {@code .}/{@code ..}
     *     components; CONFLICT when a known path has another type, or a folder on the way is a file
     */
    List<CatalogItem> add(List<NewItem> entries);

    /**
     * @param pathId a path ID
     * @return its item
     */
    Optional<CatalogItem> item(String pathId);

    /**
     * @param localPath a local path, as it was added
     * @return its item
     */
    Optional<CatalogItem> itemByLocalPath(String localPath);

    /**
     * @param pathId a folder's path ID, or null for the top-level items
     * @return its children, by item ID
     */
    List<CatalogItem> children(String pathId);

    /** @return every item, each folder before what it holds */
    List<CatalogItem> tree();

    /**
     * Starts a version of an item, {@link VersionState#RUNNING}, under a backup ID the catalog never used, not even
     * for a version deleted since.
     *
     * @param pathId the item's path ID
     * @param eccMap the erasure-coding map it is packed with, e.g. {@code ecc/4x4}
     * @return the version, with its backup ID
     * @throws BitDustException NOT_FOUND for an unknown item
     */
    CatalogVersion startVersion(String pathId, String eccMap);

    /**
     * @param backupId a backup ID
     * @return its version
     */
    Optional<CatalogVersion> version(String backupId);

    /**
     * @param pathId an item's path ID
     * @return its versions, oldest first
     */
    List<CatalogVersion> versions(String pathId);

    /** @return every version of every item, by path ID, then oldest first */
    List<CatalogVersion> allVersions();

    /** @return how much of each version with recorded fragments its suppliers hold, by backup ID */
    Map<String, VersionDelivery> deliveries();

    /**
     * Marks a running version complete.
     *
     * @param backupId the backup ID
     * @param blocks   how many blocks it has
     * @param bytes    how many bytes of the item it holds
     * @param manifest the backup area's opaque reference to its manifest, at most 256 characters
     * @return the version
     * @throws BitDustException NOT_FOUND for an unknown version, CONFLICT when it is not running
     */
    CatalogVersion completeVersion(String backupId, int blocks, long bytes, String manifest);

    /**
     * Ends a running version without completing it.
     *
     * @param backupId the backup ID
     * @param state    {@link VersionState#FAILED} or {@link VersionState#ABORTED}
     * @return the version
     * @throws BitDustException NOT_FOUND for an unknown version, CONFLICT when it is not running
     */
    CatalogVersion endVersion(String backupId, VersionState state);

    /**
     * Adopts a complete version known only from its owner-signed manifest at the suppliers (docs/storage.md,
     * "Backups": a version made after the last catalog copy the suppliers kept), in one transaction: the version as
     * {@link VersionState#COMPLETE}, created at the time its version name says, with its fragments recorded not
     * delivered. Items of its path ID the catalog does not know, the item and the folders above it, are added as
     * placeholders ({@link CatalogItem#placeholderName}: no local path, type {@link ItemType#DIR}); an imported
     * catalog export later gives a placeholder its real name (see {@link #importExport}). A version the catalog holds
     * {@link VersionState#RUNNING} without any recorded fragment (an imported catalog copy was pushed while its backup
     * ran on the lost node; no backup here records it) is completed the same way instead. Nothing else changes.
     *
     * @param version what the verified manifest says
     * @return the version added or completed
     * @throws BitDustException INVALID_ARGUMENT for a backup ID that is not {@code <pathID>/<version name>};
     *     CONFLICT when the catalog knows the backup ID otherwise (or with another ECC map), deleted it
     *     ({@link #deletedVersion}), or a file lies on its path ID; nothing changes then
     */
    CatalogVersion adoptVersion(AdoptedVersion version);

    /**
     * Records fragments of a version, not delivered, in one transaction (a fragment recorded already is recorded
     * again, not delivered: its object is rewritten). A backup records the fragments of a block before it sends them.
     *
     * @param fragments the fragments, with their object names and sizes
     * @throws BitDustException NOT_FOUND for an unknown version, INVALID_ARGUMENT naming the fragment for a block
     *     number beyond what the catalog holds (an int); nothing is recorded then
     */
    void recordFragments(List<NewFragment> fragments);

    /**
     * @param backupId a backup ID
     * @return its recorded fragments, by block, position and kind
     */
    List<FragmentState> fragments(String backupId);

    /**
     * Marks recorded fragments delivered to the suppliers at their positions, now, in one transaction.
     *
     * @param refs the fragments
     * @return those the catalog does not hold (their version was deleted meanwhile), which change nothing
     * @throws BitDustException INVALID_ARGUMENT naming the fragment for a block number beyond what the catalog holds
     *     (an int); nothing changes then
     */
    List<FragmentName> markDelivered(Collection<FragmentName> refs);

    /**
     * Marks a recorded fragment not delivered (its supplier lost it).
     *
     * @param ref the fragment
     * @throws BitDustException NOT_FOUND for a fragment not recorded, INVALID_ARGUMENT naming it for a block number
     *     beyond what the catalog holds (an int)
     */
    void markUndelivered(FragmentName ref);

    /**
     * Marks every fragment at a position not delivered, e.g. when another supplier takes the position.
     *
     * @param position a supplier position
     * @return how many fragments were delivered there and are not anymore
     */
    int markPositionUndelivered(int position);

    /**
     * What a supplier position lacks: the recorded fragments of running and complete versions not delivered there.
     *
     * @param position a supplier position
     * @return those fragments, by backup ID, block and kind
     */
    List<FragmentState> missingAt(int position);

    /**
     * Retention: the complete versions of each item beyond its {@code maxCopies} newest complete ones.
     *
     * @param maxCopies how many complete versions an item keeps, at least 1
     * @return those versions, oldest first
     * @throws BitDustException INVALID_ARGUMENT when {@code maxCopies} is below 1
     */
    List<CatalogVersion> beyondMaxCopies(int maxCopies);

    /**
     * Deletes a version and its fragments' records, and remembers its backup ID as deleted ({@link #deletedVersion}),
     * in one transaction.
     *
     * @param backupId the backup ID
     * @return the fragments it had, for deleting them at the suppliers
     * @throws BitDustException NOT_FOUND for an unknown version
     */
    List<FragmentState> deleteVersion(String backupId);

    /**
     * Deletes an item, everything under it, their versions and fragments' records, and remembers the versions' backup
     * IDs as deleted ({@link #deletedVersion}), in one transaction.
     *
     * @param pathId the item's path ID
     * @return the fragments they had, for deleting them at the suppliers
     * @throws BitDustException NOT_FOUND for an unknown item
     */
    List<FragmentState> deleteItem(String pathId);

    /**
     * A version the catalog deleted ({@link #deleteVersion}, {@link #deleteItem}, or a catalog export that says so):
     * the catalog remembers every deleted backup ID for good, so that a version whose objects a supplier kept (it was
     * away when they were deleted) is never adopted again, and a backup ID is never used twice.
     *
     * @param backupId a backup ID
     * @return the deleted version, or empty when the backup ID was never deleted
     */
    Optional<DeletedVersion> deletedVersion(String backupId);

    /**
     * @return every version the catalog deleted, by backup ID
     */
    List<DeletedVersion> deletedVersions();

    /** @return the revision: it grows by one with every committed change, and survives restarts */
    long revision();

    /**
     * The catalog for the suppliers to keep (docs/backup-formats.md, "Catalog export"): the revision, the SHA-256 of
     * the previous export, the date, every item and version (no delivery state) and every deleted version, signed
     * with my Ed25519 key under the label {@code bitdust/catalog/v1\n} and sealed to my own X25519 key.
     *
     * @return the sealed export
     * @throws BitDustException UNAVAILABLE while the node has no keys
     */
    byte[] export();

    /**
     * Opens an export with my keys and verifies it, without merging it: to find the newest of several.
     *
     * @param export what {@link #export()} gave, here or on a node with my keys
     * @return what it says of itself
     * @throws BitDustException INVALID_ARGUMENT as {@link #importExport}
     */
    ExportInfo inspectExport(byte[] export);

    /**
     * Opens an export with my keys, verifies it and merges it: items and versions the catalog does not know are
     * added, nothing it has is changed or deleted, except that a placeholder item ({@link #adoptVersion}) of a path
     * ID the export has takes the export's name, local path (when no other item has it), type, size and date, keeping
     * its versions; the revision becomes higher than both its own and the export's. The export's deleted versions are
     * remembered as deleted here too (an export without them, made before catalog 2.2.0, has none): a version either
     * side deleted is not imported, and one the catalog holds (adopted before the export came) is deleted with its
     * fragments' records, for the next update to delete its objects at the suppliers again.
     *
     * @param export what {@link #export()} gave, here or on a node with my keys
     * @return what was added
     * @throws BitDustException INVALID_ARGUMENT naming why when the export cannot be opened (damaged, or sealed to
     *     another key), is not signed with my key, or is not a catalog export; nothing changes then; UNAVAILABLE while
     *     the node has no keys
     */
    ImportResult importExport(byte[] export);
}
