package io.bitdust.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.IdUrl;
import io.bitdust.network.Network;
import io.bitdust.network.Node;
import io.bitdust.raid.EccMap;
import io.bitdust.storage.RetrieveRequest;
import io.bitdust.storage.ServiceRequest;
import io.bitdust.storage.StorageProtocol;
import io.bitdust.storage.StoredData;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Packet;
import io.bitdust.transport.packet.PacketCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * A supplier killed with {@code kill -9} in the middle of uploads: the built distribution runs the supplier as a
 * separate process, a customer in this JVM (the network kit, with the identity server both use) hires it and sends
 * objects in parallel, and the supplier is killed once some were acknowledged. After a restart, the usage its Derby
 * database counts is exactly what its data folder holds, and every object it acknowledged comes back byte for byte.
 */
public class SupplierCrashIT {
    private static final int WAIT_SECONDS = 120;
    private static final int OBJECT_BYTES = 256 * 1024;
    private static final int OBJECTS = 400;
    private static final int KILL_AFTER = 60;
    private static final int IN_FLIGHT = 16;

    @Test
    public void afterKillMinus9TheUsageMatchesTheDiskAndEveryAcknowledgedObjectIsThere() throws Exception {
        Path root = Paths.get("target/supplier-crash").toAbsolutePath();
        Launcher.deleteTree(root.resolve("network"));
        try (Network network = new Network(root.resolve("network"))) {
            int idPort = network.identityServer().port();
            Map<String, String> presets = Launcher.nodePresets(idPort, "crash-supplier");
            presets.put("BITDUST_SERVICES_CUSTOMER_ENABLED", "false");
            presets.put("BITDUST_SERVICES_SUPPLIER_DONATED_SPACE", "1 GB");
            Launcher supplier = new Launcher(root.resolve("supplier"), presets);
            supplier.ok("start");
            try {
                IdUrl supplierId = IdUrl.parse("http://127.0.0.1:" + idPort + "/crash-supplier.json");
                KarafTestSupport.waitFor("the supplier's identity lists its contacts", () -> published(network, supplierId));
                api(supplier, "space_donated");
                Node customer = network.node("crash-customer");
                customer.awaitPublished();

                Packet hired = ask(customer, supplierId, Command.REQUEST_SERVICE, new ServiceRequest(
                        StorageProtocol.SUPPLIER_SERVICE, 512L << 20, EccMap.parse("ecc/2x2"), 0).toBytes());
                assertEquals(text(hired), Command.ACK, hired.command());

                Map<String, byte[]> acknowledged = upload(customer, supplierId, supplier);

                supplier.ok("start");
                Path data = supplier.home().resolve("data/bitdust");
                JsonNode space = api(supplier, "space_donated");
                JsonNode mine = space.path("customers").path(0);
                assertEquals(space.toString(), customer.idurl().toString(), mine.path("idurl").asText());
                List<Path> stored = storedFiles(data.resolve("customers"));
                long onDisk = stored.stream().mapToLong(SupplierCrashIT::size).sum();
                assertEquals(space.toString(), stored.size(), mine.path("files").asLong());
                assertEquals(space.toString(), onDisk + stored.size() * 1024L, mine.path("used_bytes").asLong());
                assertTrue("the supplier acknowledged " + acknowledged.size() + " and keeps " + stored.size(),
                        stored.size() >= acknowledged.size());

                PacketCodec codec = new PacketCodec();
                for (Map.Entry<String, byte[]> object : acknowledged.entrySet()) {
                    StoredData back = new RetrieveRequest(object.getKey()).open(retrieve(customer, supplierId,
                            object.getKey()), customer.idurl(), customer.keys().signingPublicKey(), codec);
                    assertArrayEquals(object.getKey(), object.getValue(), back.data());
                }
            } finally {
                supplier.run("stop");
            }
        }
    }

    /** Sends objects, 16 at a time, and kills the supplier once {@value #KILL_AFTER} were acknowledged. */
    private static Map<String, byte[]> upload(Node customer, IdUrl supplierId, Launcher supplier) throws Exception {
        Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        Random random = new Random(7);
        boolean killed = false;
        for (int i = 0; i < OBJECTS && !killed; i++) {
            slots.acquire();
            if (acknowledged.size() >= KILL_AFTER) {
                long pid = Long.parseLong(Files.readString(supplier.home().resolve("karaf.pid")).trim());
                ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
                process.destroyForcibly();
                process.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
                killed = true;
                slots.release();
                break;
            }
            String name = "0/1/F20261203/" + i + "-0-Data";
            byte[] bytes = new byte[OBJECT_BYTES];
            random.nextBytes(bytes);
            sent.add(customer.gateway().request(customer.gateway().packet(Command.DATA, supplierId,
                    new StoredData(name, bytes).toBytes())).toCompletableFuture().whenComplete((reply, error) -> {
                        if (error == null && reply.command() == Command.ACK) {
                            acknowledged.put(name, bytes);
                        }
                        slots.release();
                    }));
        }
        assertTrue("the supplier was killed during the uploads", killed);
        for (CompletableFuture<?> request : sent) {
            try {
                request.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // refused or unanswered after the kill: not acknowledged
            }
        }
        return Map.copyOf(acknowledged);
    }

    private static Packet retrieve(Node customer, IdUrl supplierId, String name) throws Exception {
        Packet[] answer = new Packet[1];
        KarafTestSupport.waitFor("the restarted supplier answers a Retrieve of " + name, () -> {
            try {
                answer[0] = ask(customer, supplierId, Command.RETRIEVE, new RetrieveRequest(name).toBytes());
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        return answer[0];
    }

    private static Packet ask(Node customer, IdUrl supplierId, Command command, byte[] payload) throws Exception {
        return customer.gateway().request(customer.gateway().packet(command, supplierId, payload))
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static boolean published(Network network, IdUrl idurl) {
        try {
            return !network.published(idurl).contacts().isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode api(Launcher node, String function) throws Exception {
        Http.Answer[] answer = new Http.Answer[1];
        KarafTestSupport.waitFor(() -> function + " answers: " + (answer[0] == null ? "nothing"
                : answer[0].envelope), () -> {
            try {
                answer[0] = node.api(function, Map.of());
                return answer[0].ok();
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        return answer[0].envelope.path("result");
    }

    /** The stored packets: every regular file under the customers' folders but those being written. */
    static List<Path> storedFiles(Path customers) throws IOException {
        try (Stream<Path> files = Files.walk(customers)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Packet packet) {
        return packet.command() + " " + new String(packet.payload(), StandardCharsets.UTF_8);
    }
}
