package io.bitdust.config.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.DiskSize;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionRelation;
import io.bitdust.config.OptionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OptionRelationsTest {
    private static final OptionType BLOCK_RANGE = OptionType.diskSpace(DiskSize.parse("64 KB"),
            DiskSize.parse("32 MB"));
    private static final Option BLOCK = Option.of("services/backups/block-size", BLOCK_RANGE, "4 MB", "b");
    private static final Option MAX = Option.of("services/backups/max-block-size", BLOCK_RANGE, "32 MB", "m");
    private static final OptionRelation BLOCK_AT_MOST_MAX = OptionRelation.atMost(BLOCK, MAX);
    private static final Option NEEDED = Option.of("services/customer/needed-space", OptionType.DISK_SPACE, "4 GB",
            "n");
    private static final Option DONATED = Option.of("services/supplier/donated-space", OptionType.DISK_SPACE, "8 GB",
            "d");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path store() {
        return tmp.getRoot().toPath().resolve("options.properties");
    }

    private Options backups(Map<String, String> env) {
        Options options = new Options(store(), null, env);
        options.declare(List.of(BLOCK, MAX), List.of(BLOCK_AT_MOST_MAX));
        return options;
    }

    private String stored() throws IOException {
        return Files.readString(store(), StandardCharsets.ISO_8859_1);
    }

    @Test
    public void raisingTheSmallerAboveTheLargerIsRefusedNamingBothAndChangesNothing() throws IOException {
        Options options = backups(Map.of());
        options.set(MAX.key(), "8 MB");
        String before = stored();
        BitDustException e = assertThrows(BitDustException.class, () -> options.set(BLOCK.key(), "16 MB"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("cannot set services/backups/block-size to 16 MB: services/backups/block-size must not be larger"
                + " than services/backups/max-block-size (services/backups/max-block-size is 8 MB)", e.getMessage());
        assertEquals("4 MB", options.get(BLOCK.key()).value());
        assertEquals(before, stored());
        assertEquals("8 MB", options.set(BLOCK.key(), "8 MB").value());
    }

    @Test
    public void loweringTheLargerBelowTheSmallerIsRefusedNamingBothAndChangesNothing() throws IOException {
        Options options = backups(Map.of());
        options.set(BLOCK.key(), "16 MB");
        String before = stored();
        BitDustException e = assertThrows(BitDustException.class, () -> options.set(MAX.key(), "8 MB"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("cannot set services/backups/max-block-size to 8 MB: services/backups/block-size must not be"
                + " larger than services/backups/max-block-size (services/backups/block-size is 16 MB)",
                e.getMessage());
        assertEquals("32 MB", options.get(MAX.key()).value());
        assertEquals(before, stored());
        assertEquals("16 MB", options.set(MAX.key(), "16 MB").value());
    }

    @Test
    public void aResetThatWouldBreakARelationIsRefused() throws IOException {
        Options options = backups(Map.of());
        options.set(BLOCK.key(), "1 MB");
        options.set(MAX.key(), "2 MB");
        String before = stored();
        BitDustException e = assertThrows(BitDustException.class, () -> options.reset(BLOCK.key()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot reset services/backups/block-size to 4 MB: "));
        assertTrue(e.getMessage(), e.getMessage().contains("services/backups/max-block-size is 2 MB"));
        assertEquals("1 MB", options.get(BLOCK.key()).value());
        assertEquals(before, stored());
        assertEquals("1 MB", backups(Map.of()).get(BLOCK.key()).value());
        options.reset(MAX.key());
        assertEquals("4 MB", options.reset(BLOCK.key()).value());
    }

    @Test
    public void storedValuesThatBreakARelationTogetherAreIgnoredAtStart() throws IOException {
        Files.writeString(store(), "services/backups/block-size=16 MB\nservices/backups/max-block-size=8 MB\n",
                StandardCharsets.ISO_8859_1);
        Options options = backups(Map.of());
        assertEquals("4 MB", options.get(BLOCK.key()).value());
        assertEquals("32 MB", options.get(MAX.key()).value());
    }

    @Test
    public void aDefaultSmallerThanNobodyChoseIsLoweredToTheStoredLargerAtStart() throws IOException {
        Files.writeString(store(), "services/backups/max-block-size=2 MB\n", StandardCharsets.ISO_8859_1);
        String before = stored();
        Options options = backups(Map.of());
        assertEquals("2 MB", options.get(BLOCK.key()).value());
        assertEquals("2 MB", options.get(MAX.key()).value());
        assertEquals("nothing is stored for the option that gave way", before, stored());
        BitDustException e = assertThrows(BitDustException.class, () -> options.set(BLOCK.key(), "4 MB"));
        assertTrue(e.getMessage(), e.getMessage().contains("services/backups/max-block-size is 2 MB"));
        options.reset(MAX.key());
        assertEquals("4 MB", options.reset(BLOCK.key()).value());
    }

    @Test
    public void aPresetSmallerIsNotLoweredButIgnoredAtStart() throws IOException {
        Files.writeString(store(), "services/backups/max-block-size=8 MB\n", StandardCharsets.ISO_8859_1);
        Options options = backups(Map.of("BITDUST_SERVICES_BACKUPS_BLOCK_SIZE", "16 MB"));
        assertEquals("4 MB", options.get(BLOCK.key()).value());
        assertEquals("32 MB", options.get(MAX.key()).value());
    }

    @Test
    public void aLargerNobodyChoseIsNeverRaisedToTheStoredSmaller() throws IOException {
        Option needed = Option.of("services/customer/needed-space", OptionType.DISK_SPACE, "1 GB", "n");
        Files.writeString(store(), "services/customer/needed-space=100 GB\n", StandardCharsets.ISO_8859_1);
        Options options = new Options(store(), null, Map.of());
        options.declare(List.of(needed, DONATED), List.of(OptionRelation.atMost(needed, DONATED)));
        assertEquals("1 GB", options.get(needed.key()).value());
        assertEquals("8 GB", options.get(DONATED.key()).value());
    }

    @Test
    public void onlyAnAtMostRelationSettlesAndOnlyWithOptionsThatMayChange() {
        OptionRelation.Values values = option -> option == BLOCK ? "16 MB" : "2 MB";
        assertEquals(Map.of(BLOCK, "2 MB"), BLOCK_AT_MOST_MAX.settle(values, option -> true).orElseThrow());
        assertTrue(BLOCK_AT_MOST_MAX.settle(values, option -> option != BLOCK).isEmpty());
        Option small = Option.of("a/small", OptionType.positiveInteger(1, 10), "1", "s");
        Option large = Option.of("a/large", OptionType.POSITIVE_INTEGER, "5", "l");
        assertTrue("a value outside the smaller's range", OptionRelation.atMost(small, large)
                .settle(option -> option == small ? "3" : "50", option -> true).isEmpty());
        assertTrue(OptionRelation.of("a/small must be a/large", v -> v.get(small).equals(v.get(large)), small, large)
                .settle(option -> "1", option -> true).isEmpty());
    }

    @Test
    public void storedValuesAndPresetsOutsideTheRangeAreIgnoredAtStart() throws IOException {
        Files.writeString(store(), "services/backups/max-block-size=128 MB\n", StandardCharsets.ISO_8859_1);
        Options options = backups(Map.of("BITDUST_SERVICES_BACKUPS_BLOCK_SIZE", "0"));
        assertEquals("4 MB", options.get(BLOCK.key()).value());
        assertEquals("32 MB", options.get(MAX.key()).value());
    }

    @Test
    public void aRelationWithAnotherOwnersOptionHoldsOnlyWhileBothAreDeclared() {
        Options options = new Options(store(), null, Map.of());
        options.declare(List.of(NEEDED), List.of(OptionRelation.atMost(NEEDED, DONATED)));
        assertTrue(options.relations().isEmpty());
        options.set(NEEDED.key(), "100 GB");
        options.set(NEEDED.key(), "2 GB");
        ConfigService.Declaration supplier = options.declare(List.of(DONATED));
        assertEquals(List.of("services/customer/needed-space must not be larger than services/supplier/donated-space"),
                options.relations().stream().map(OptionRelation::rule).toList());
        BitDustException e = assertThrows(BitDustException.class, () -> options.set(NEEDED.key(), "100 GB"));
        assertTrue(e.getMessage(), e.getMessage().contains("services/supplier/donated-space is 8 GB"));
        e = assertThrows(BitDustException.class, () -> options.set(DONATED.key(), "1 GB"));
        assertTrue(e.getMessage(), e.getMessage().contains("services/customer/needed-space is 2 GB"));
        supplier.close();
        options.set(NEEDED.key(), "100 GB");
        assertEquals("100 GB", options.get(NEEDED.key()).value());
    }

    @Test
    public void anOptionDeclaredLaterGivesWayWhenItsStoredValueBreaksARelationInForce() throws IOException {
        Files.writeString(store(), "services/customer/needed-space=2 GB\nservices/supplier/donated-space=1 GB\n",
                StandardCharsets.ISO_8859_1);
        Options options = new Options(store(), null, Map.of());
        options.declare(List.of(NEEDED), List.of(OptionRelation.atMost(NEEDED, DONATED)));
        options.declare(List.of(DONATED));
        assertEquals("2 GB", options.get(NEEDED.key()).value());
        assertEquals("8 GB", options.get(DONATED.key()).value());
    }

    @Test
    public void aGeneralRelationNamesEveryOptionWhenBroken() {
        Option suppliers = Option.of("services/customer/suppliers-number", OptionType.choice("2", "4", "7"), "2", "s");
        Option map = Option.of("services/customer/ecc-map", OptionType.choice("ecc/2x2", "ecc/4x4", "ecc/7x7"),
                "ecc/2x2", "e");
        OptionRelation matches = OptionRelation.of("services/customer/ecc-map must be ecc/NxN with N = "
                + "services/customer/suppliers-number", v -> v.get(map).equals("ecc/" + v.get(suppliers) + "x"
                + v.get(suppliers)), suppliers, map);
        Options options = new Options(store(), null, Map.of());
        options.declare(List.of(suppliers, map), List.of(matches));
        BitDustException e = assertThrows(BitDustException.class, () -> options.set(suppliers.key(), "4"));
        assertEquals("cannot set services/customer/suppliers-number to 4: services/customer/ecc-map must be ecc/NxN"
                + " with N = services/customer/suppliers-number (services/customer/ecc-map is ecc/2x2)",
                e.getMessage());
        assertEquals("2", options.get(suppliers.key()).value());
    }

    @Test
    public void defaultsThatBreakTheirOwnRelationAreAProgrammingErrorAndDeclareNothing() {
        Option small = Option.of("a/small", OptionType.POSITIVE_INTEGER, "10", "s");
        Option large = Option.of("a/large", OptionType.POSITIVE_INTEGER, "5", "l");
        Options options = new Options(store(), null, Map.of());
        assertThrows(IllegalArgumentException.class,
                () -> options.declare(List.of(small, large), List.of(OptionRelation.atMost(small, large))));
        assertTrue(options.list().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> OptionRelation.atMost(small, Option.of("a/text",
                OptionType.STRING, "", "t")));
        assertThrows(IllegalArgumentException.class, () -> OptionRelation.of("x", v -> true, small));
    }

    @Test
    public void withdrawingADeclarationWithdrawsItsRelations() {
        Options options = new Options(store(), null, Map.of());
        ConfigService.Declaration backups = options.declare(List.of(BLOCK, MAX), List.of(BLOCK_AT_MOST_MAX));
        assertEquals(1, options.relations().size());
        backups.close();
        assertTrue(options.relations().isEmpty());
        options.declare(List.of(BLOCK, MAX));
        options.set(MAX.key(), "1 MB");
        assertEquals("1 MB", options.get(MAX.key()).value());
    }
}
