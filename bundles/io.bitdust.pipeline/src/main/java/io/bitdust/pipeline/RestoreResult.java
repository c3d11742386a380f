package io.bitdust.pipeline;

import java.util.List;

/**
 * What a restore did. Immutable.
 *
 * @param blocks            blocks decoded
 * @param entries           files, folders and links unpacked
 * @param bytes             bytes of file content written
 * @param rejectedFragments fragments treated as erasures, as {@code name: reason}
 * @param skippedLinks      symbolic links not created because they point outside the destination, as
 *                          {@code name -> target}
 */
public record RestoreResult(long blocks, long entries, long bytes, List<String> rejectedFragments,
        List<String> skippedLinks) {
    /** Copies the lists. */
    public RestoreResult {
        rejectedFragments = List.copyOf(rejectedFragments);
        skippedLinks = List.copyOf(skippedLinks);
    }
}
