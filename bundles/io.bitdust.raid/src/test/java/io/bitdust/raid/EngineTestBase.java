package io.bitdust.raid;

import static org.junit.Assume.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Runs a test class once per engine; the SIMD run is skipped on a JVM without the Vector API. */
@RunWith(Parameterized.class)
public abstract class EngineTestBase {
    @Parameter
    public EccCodec.Engine engine;

    @Parameters(name = "{0}")
    public static List<Object[]> engines() {
        return Arrays.stream(EccCodec.Engine.values()).map(e -> new Object[] {e}).collect(Collectors.toList());
    }

    @Before
    public void requireEngine() {
        assumeTrue(engine + " is not available in this JVM", engine.isAvailable());
    }

    EccCodec codec(EccMap map) {
        return EccCodec.create(map, engine);
    }
}
