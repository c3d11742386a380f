package io.bitdust.pipeline;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a restore did. Immutable.
 *
 * @param blocks            blocks decoded
 * @param entries           files, folders and links unpacked
 * @param bytes             bytes of file content written
 * @param rejectedFragments fragments treated as erasures, as {@code name: reason}
 * @param badPositions      per block number, the positions (0 .. N-1, sorted) whose fragments served bad data:
 *                          damaged, foreign, not matching the signed manifest or failing authentication with the
 *                          others; blocks without any are left out. Missing fragments are not bad data
 * @param skippedLinks      symbolic links not created because they point outside the destination, as
 *                          {@code name -> target}
 * @param changedFiles      files the backup found changing while it read them, as {@code name: what happened}; they
 *                          are restored as the backup read them, which may mix old and new content
 */
public record RestoreResult(long blocks, long entries, long bytes, List<String> rejectedFragments,
        Map<Long, List<Integer>> badPositions, List<String> skippedLinks, List<String> changedFiles) {
    /** A result without changed files. */
    public RestoreResult(long blocks, long entries, long bytes, List<String> rejectedFragments,
            Map<Long, List<Integer>> badPositions, List<String> skippedLinks) {
        this(blocks, entries, bytes, rejectedFragments, badPositions, skippedLinks, List.of());
    }

    /** Copies the lists and the map, which iterates in block order. */
    public RestoreResult {
        changedFiles = List.copyOf(changedFiles);
        rejectedFragments = List.copyOf(rejectedFragments);
        TreeMap<Long, List<Integer>> bad = new TreeMap<>();
        badPositions.forEach((block, positions) -> bad.put(block, List.copyOf(positions)));
        badPositions = Collections.unmodifiableSortedMap(bad);
        skippedLinks = List.copyOf(skippedLinks);
    }
}
