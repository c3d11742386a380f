package io.bitdust.raid.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Creates {@link ShardMultiplier}s. The SIMD one is reached by reflection only, so that this bundle loads and runs
 * on a JVM (or an OSGi framework) without the module {@code jdk.incubator.vector}.
 */
public final class Multipliers {
    /** Set to {@code false} to use the scalar multiplier even when the Vector API is present. */
    public static final String SIMD_PROPERTY = "bitdust.raid.simd";

    private static final String SIMD_CLASS = "io.bitdust.raid.internal.SimdMultiplier";
    /** Long enough to run the vector loop once, so that a missing package fails here and not in a backup. */
    private static final int PROBE_BYTES = 256;

    private Multipliers() {
    }

    /** @return the portable multiplier for {@code matrix} */
    public static ShardMultiplier scalar(int[][] matrix) {
        return new ScalarMultiplier(matrix);
    }

    /**
     * @return the Vector API multiplier for {@code matrix}
     * @throws IllegalStateException when {@link #simdAvailable()} is false
     */
    public static ShardMultiplier simd(int[][] matrix) {
        Constructor<? extends ShardMultiplier> constructor = SimdHolder.CONSTRUCTOR;
        if (constructor == null) {
            throw new IllegalStateException("the Vector API is not available: start Java with "
                    + "--add-modules jdk.incubator.vector (and under OSGi export the package from the framework)");
        }
        return instantiate(constructor, matrix);
    }

    /** @return whether {@link #simd(int[][])} works here: the module is present and this class loader sees it */
    public static boolean simdAvailable() {
        return SimdHolder.CONSTRUCTOR != null;
    }

    /** @return whether SIMD is available and not switched off by the system property {@value #SIMD_PROPERTY} */
    public static boolean simdPreferred() {
        return simdAvailable() && !"false".equalsIgnoreCase(System.getProperty(SIMD_PROPERTY));
    }

    private static ShardMultiplier instantiate(Constructor<? extends ShardMultiplier> constructor, int[][] matrix) {
        try {
            return constructor.newInstance((Object) matrix);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create the SIMD multiplier", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the SIMD multiplier", e);
        }
    }

    /** Resolved on first use only, so that a JVM without the module never touches the SIMD class. */
    private static final class SimdHolder {
        static final Constructor<? extends ShardMultiplier> CONSTRUCTOR = load();

        private static Constructor<? extends ShardMultiplier> load() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return null;
            }
            try {
                Constructor<? extends ShardMultiplier> constructor = Class.forName(SIMD_CLASS)
                        .asSubclass(ShardMultiplier.class)
                        .getDeclaredConstructor(int[][].class);
                byte[][] probe = {new byte[PROBE_BYTES]};
                instantiate(constructor, new int[][] {{1}}).multiply(probe, new byte[][] {new byte[PROBE_BYTES]}, 0,
                        PROBE_BYTES);
                return constructor;
            } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
                return null;
            }
        }
    }
}
