package io.bitdust.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.bitdust.messaging.MessagingService;
import io.bitdust.messaging.dto.MessageDTO;
import io.bitdust.transport.dto.PingDTO;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fifty nodes in one JVM with one identity server, each with TCP and HTTP on free ports: every node publishes its
 * identity and pings three random others, and every ping is answered; a private message from the first node to the
 * last (the two run {@link MessagingExtension}) arrives; once the network is closed no thread of a node is left. The
 * test logs (at WARN) the time, heap and threads it took.
 *
 * <p>Measured on the 2-core build machine (2026-12-03, docs/performance.md): 50 nodes started and published in 2.9 s
 * with the machine otherwise idle (8.8-12.1 s at load average 9-14, other builds running), 24 MiB of heap in use after
 * a GC, 240 MB resident, 630 threads; after the 150 pings 45 MiB of heap, 470 MB resident, about 1 750 threads (35 a
 * node: most of them the gateway's pools and the identity bundle's HTTP clients). The whole class takes 7-23 s.
 */
public class FiftyNodesIT {
    private static final int NODES = 50;
    private static final int PINGS_PER_NODE = 3;
    private static final Logger LOG = LoggerFactory.getLogger(FiftyNodesIT.class);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void fiftyNodesPublishTheirIdentitiesAndEachPingsThreeOthers() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (Network network = new Network(temp.getRoot().toPath())) {
            long begin = System.nanoTime();
            network.identityServer();
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                boolean messaging = i == 0 || i == NODES - 1;
                nodes.add(network.node(String.format("node-%02d", i), messaging
                        ? NodeSettings.DEFAULT.with(new MessagingExtension()) : NodeSettings.DEFAULT));
            }
            network.awaitPublished();
            long started = System.nanoTime();
            report("started and published", begin, started);

            for (Node node : nodes) {
                assertEquals(node.identity().identity().orElseThrow().contacts(), node.contacts());
                assertEquals(2, node.contacts().size());
            }

            ExecutorService pingers = Executors.newFixedThreadPool(8);
            try {
                List<Node[]> pairs = new ArrayList<>();
                List<CompletableFuture<PingDTO>> pings = new ArrayList<>();
                for (Node node : nodes) {
                    List<Node> others = new ArrayList<>(nodes);
                    others.remove(node);
                    Collections.shuffle(others, random);
                    for (Node peer : others.subList(0, PINGS_PER_NODE)) {
                        pairs.add(new Node[] {node, peer});
                        pings.add(CompletableFuture.supplyAsync(() -> node.ping(peer), pingers));
                    }
                }
                for (int i = 0; i < pings.size(); i++) {
                    Node from = pairs.get(i)[0];
                    Node to = pairs.get(i)[1];
                    String pair = from + " pinged " + to + " (seed " + seed + ")";
                    PingDTO ping = pings.get(i).get(2, TimeUnit.MINUTES);
                    assertEquals(pair, to.idurl().toString(), ping.idurl);
                    assertTrue(pair + " at " + ping.contact, to.contacts().contains(ping.contact));
                    assertTrue(pair, from.gateway().online(to.idurl()));
                }
            } finally {
                pingers.shutdownNow();
            }
            report("pinged", started, System.nanoTime());

            Node first = nodes.get(0);
            Node last = nodes.get(NODES - 1);
            MessageDTO sent = first.extension(MessagingService.class).send(last.idurl(), "hello from node-00");
            Await.until(() -> first.extension(MessagingService.class).messages(null, 0, 1).get(0).state
                    .equals("delivered"), first + "'s message to " + last + " is delivered");
            List<MessageDTO> received = last.extension(MessagingService.class).messages(first.idurl(), 0, 10);
            assertEquals(1, received.size());
            assertEquals(sent.id, received.get(0).id);
            assertEquals("hello from node-00", received.get(0).body);
        }
        Await.until(() -> threads("bitdust-") == 0, "every thread of the nodes and the identity server has ended");
        System.gc();
        LOG.warn("After close: {} threads, {} of them of java.net.http clients", threads(""), threads("HttpClient-"));
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    private static void report(String what, long from, long to) {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        Map<String, Integer> threads = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName().replaceAll("\\d+", "N").replaceAll("@.*", "");
            threads.merge(name, 1, Integer::sum);
        }
        LOG.warn("{} nodes {} in {} ms; heap used after GC {} MiB, resident {}; threads {} (peak {}): {}", NODES, what,
                TimeUnit.NANOSECONDS.toMillis(to - from), (runtime.totalMemory() - runtime.freeMemory()) >> 20,
                resident(), ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getThreadMXBean().getPeakThreadCount(), threads);
    }

    /** @return the process's resident set as Linux reports it, or "unknown" */
    private static String resident() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
