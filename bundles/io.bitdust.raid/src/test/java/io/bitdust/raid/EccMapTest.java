package io.bitdust.raid;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

public class EccMapTest {

    @Test
    public void listsTheSupportedMaps() {
        assertEquals(List.of("ecc/2x2", "ecc/4x4", "ecc/7x7", "ecc/13x13", "ecc/18x18", "ecc/26x26", "ecc/64x64"),
                EccMap.all().stream().map(EccMap::name).collect(Collectors.toList()));
    }

    @Test
    public void parsesEveryNameToTheSharedInstance() {
        for (EccMap map : EccMap.all()) {
            assertSame(map, EccMap.parse(map.name()));
        }
        EccMap map = EccMap.parse("ecc/13x13");
        assertEquals(13, map.dataShards());
        assertEquals(13, map.parityShards());
        assertEquals(26, map.totalShards());
        assertEquals("ecc/13x13", map.toString());
    }

    @Test
    public void rejectsUnknownNamesNamingThem() {
        for (String bad : new String[] {"ecc/5x5", "ECC/4x4", " ecc/4x4", "ecc/4x2", "", null}) {
            BitDustException error = assertThrows(BitDustException.class, () -> EccMap.parse(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
            assertEquals("unknown ECC map '" + bad + "', expected one of ecc/2x2, ecc/4x4, ecc/7x7, ecc/13x13, "
                    + "ecc/18x18, ecc/26x26, ecc/64x64", error.getMessage());
        }
    }

    @Test
    public void namesPositions() {
        EccMap map = EccMap.parse("ecc/4x4");
        assertEquals("Data 0", map.positionName(0));
        assertEquals("Data 3", map.positionName(3));
        assertEquals("Parity 0", map.positionName(4));
        assertEquals("Parity 3", map.positionName(7));
        BitDustException error = assertThrows(BitDustException.class, () -> map.positionName(8));
        assertEquals("shard position 8 is outside 0..7 of ecc/4x4", error.getMessage());
    }
}
