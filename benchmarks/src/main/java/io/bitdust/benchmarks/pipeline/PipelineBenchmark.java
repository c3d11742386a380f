package io.bitdust.benchmarks.pipeline;

import io.bitdust.crypto.KeyRing;
import io.bitdust.crypto.internal.FileKeyRing;
import io.bitdust.pipeline.ExistingFilePolicy;
import io.bitdust.pipeline.LocalFragmentFolder;
import io.bitdust.pipeline.PackSettings;
import io.bitdust.pipeline.Packer;
import io.bitdust.pipeline.PipelineWarmUp;
import io.bitdust.pipeline.ProgressListener;
import io.bitdust.pipeline.Unpacker;
import io.bitdust.pipeline.VersionManifest;
import io.bitdust.raid.EccMap;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Backs up a generated 1 GiB mixed folder (60 % random files of 4 KiB to 64 MiB, 40 % text) to local fragments and
 * restores it, several times, and prints the median throughputs and the peak heap. The folder is generated once
 * (seeded, so every machine gets the same bytes) and reused.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx512m -cp benchmarks/target/benchmarks.jar \
 *     io.bitdust.benchmarks.pipeline.PipelineBenchmark [folder [runs [ecc [blockMiB [zstdLevel]]]]]
 * </pre>
 *
 * With {@code --generate} as the only argument it just makes sure the folder exists (for the borg/restic script).
 * The fragments are synced to disk before the manifest, as in real use and as borg and restic sync their
 * repositories; {@code -Dbitdust.bench.durable=false} leaves that to the kernel, to see the cost of the computing
 * alone. Like a node, it runs {@link PipelineWarmUp} before the first backup.
 */
public final class PipelineBenchmark {
    private static final long MIB = 1 << 20;
    private static final long TOTAL = 1024 * MIB;
    private static final String DONE = ".generated";
    private static final String[] WORDS = ("backup restore supplier customer fragment block parity data key identity "
            + "packet transport the a of and to in is that for on with as by at from this it be are was").split(" ");

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Paths.get(args.length > 0 && !args[0].equals("--generate") ? args[0] : "/tmp/bitdust-bench/data");
        generate(folder);
        if (args.length > 0 && args[0].equals("--generate")) {
            return;
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        EccMap map = EccMap.parse(args.length > 2 ? args[2] : "ecc/4x4");
        int blockSize = (int) ((args.length > 3 ? Integer.parseInt(args[3]) : 4) * MIB);
        int level = args.length > 4 ? Integer.parseInt(args[4]) : PackSettings.DEFAULT_COMPRESSION_LEVEL;
        Path work = folder.resolveSibling("pipeline-work");
        boolean durable = Boolean.parseBoolean(System.getProperty("bitdust.bench.durable", "true"));
        int cores = Runtime.getRuntime().availableProcessors();
        int inFlight = Integer.getInteger("bitdust.bench.inflight", 2 * cores);
        long warmUpStart = System.nanoTime();
        PipelineWarmUp.run(); // as a node's backup bundle does when it starts
        System.out.printf(Locale.ROOT, "pipeline warm-up: %.2f s%n", (System.nanoTime() - warmUpStart) / 1e9);
        ExecutorService workers = Executors.newFixedThreadPool(cores);
        try {
            SecureRandom random = new SecureRandom();
            delete(work);
            KeyRing keys = new FileKeyRing(work.resolve("keys"), random);
            keys.create();
            PackSettings settings = new PackSettings(map, blockSize, level, inFlight);
            Packer packer = new Packer(settings, workers, random);
            Unpacker unpacker = new Unpacker(workers, inFlight);
            System.out.printf(Locale.ROOT, "pipeline: %s, %d cores, %s, block %d MiB, zstd %d, %d blocks in flight, "
                    + "max heap %d MiB, fragments %s%n", folder, cores, map, blockSize / MIB, level, inFlight,
                    Runtime.getRuntime().maxMemory() / MIB, durable ? "synced before the manifest" : "not synced");
            double[] backup = new double[runs];
            double[] restore = new double[runs];
            long peak = 0;
            for (int run = 0; run < runs; run++) {
                Path fragments = work.resolve("fragments");
                Path restored = work.resolve("restored");
                delete(fragments);
                delete(restored);
                resetPeaks();
                LocalFragmentFolder local = new LocalFragmentFolder(fragments, durable);
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                VersionManifest manifest = packer.pack(folder, "0/1/F" + run, keys, local, ProgressListener.NONE);
                backup[run] = mbPerSecond(manifest.sourceBytes(), System.nanoTime() - start);
                double backupCpu = (processCpuNanos() - cpu) / 1e9;
                long stored = size(fragments);
                cpu = processCpuNanos();
                start = System.nanoTime();
                unpacker.unpack("0/1/F" + run, local, keys, keys.signingPublicKey(), restored,
                        ExistingFilePolicy.FAIL_IF_EXISTS, ProgressListener.NONE);
                restore[run] = mbPerSecond(manifest.sourceBytes(), System.nanoTime() - start);
                double restoreCpu = (processCpuNanos() - cpu) / 1e9;
                long runPeak = peakHeap();
                peak = Math.max(peak, runPeak);
                System.out.printf(Locale.ROOT, "run %d: %d source bytes, %d blocks, %d fragment bytes; "
                        + "backup %.0f MB/s (%.2f CPU s), restore %.0f MB/s (%.2f CPU s), peak heap %d MiB%n", run + 1,
                        manifest.sourceBytes(), manifest.blockCount(), stored, backup[run], backupCpu, restore[run],
                        restoreCpu, runPeak / MIB);
            }
            System.out.printf(Locale.ROOT, "RESULT bitdust backup_MBps=%.1f restore_MBps=%.1f peak_heap_MiB=%d%n",
                    median(backup), median(restore), peak / MIB);
        } finally {
            workers.shutdownNow();
            delete(work.resolve("fragments"));
            delete(work.resolve("restored"));
        }
    }

    /** Writes the mixed folder unless it is there already: 60 % random files, 40 % text files. */
    private static void generate(Path folder) throws IOException {
        if (Files.exists(folder.resolve(DONE))) {
            return;
        }
        delete(folder);
        SplittableRandom random = new SplittableRandom(20160313);
        long randomBytes = TOTAL * 6 / 10;
        int index = 0;
        for (long written = 0; written < randomBytes; index++) {
            long size = Math.min(randomBytes - written, logUniform(random, 4 * 1024, 64 * MIB));
            Path file = folder.resolve("bin/" + (index % 8) + "/file " + index + ".bin");
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[(int) MIB];
                for (long left = size; left > 0; left -= buffer.length) {
                    for (int i = 0; i < buffer.length; i += 8) {
                        long value = random.nextLong();
                        for (int j = 0; j < 8; j++) {
                            buffer[i + j] = (byte) (value >>> (8 * j));
                        }
                    }
                    out.write(buffer, 0, (int) Math.min(left, buffer.length));
                }
            }
            written += size;
        }
        for (long written = 0; written < TOTAL - randomBytes; index++) {
            long size = Math.min(TOTAL - randomBytes - written, logUniform(random, 4 * 1024, 16 * MIB));
            Path file = folder.resolve("text/" + (index % 5) + "/doc " + index + ".txt");
            Files.createDirectories(file.getParent());
            StringBuilder text = new StringBuilder((int) size + 100);
            while (text.length() < size) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
                if (random.nextInt(50) == 0) {
                    text.append(random.nextInt(1_000_000)).append(' ');
                }
            }
            Files.write(file, text.substring(0, (int) size).getBytes(StandardCharsets.US_ASCII));
            written += size;
        }
        Files.createFile(folder.resolve(DONE));
        System.out.printf(Locale.ROOT, "generated %s: %d files, %d bytes%n", folder, index, size(folder));
    }

    private static long logUniform(SplittableRandom random, long min, long max) {
        return (long) Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** @return the CPU time of the whole process (every thread, the JIT and the GC included), or 0 if unknown */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static void resetPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pools.add(pool);
            }
        }
        return pools;
    }

    private static long size(Path folder) throws IOException {
        long[] total = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
