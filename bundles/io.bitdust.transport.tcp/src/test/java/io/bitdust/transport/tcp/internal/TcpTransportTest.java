package io.bitdust.transport.tcp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.transport.spi.Frame;
import io.bitdust.transport.spi.InboundSink;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Test;

/** Real TcpTransports and raw sockets on 127.0.0.x ephemeral ports. */
public class TcpTransportTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(60);
    private static final String PORT_OPTION = "services/tcp-connections/tcp-port";

    private final List<TcpTransport> transports = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    @After
    public void tearDown() throws Exception {
        for (AutoCloseable socket : sockets) {
            socket.close();
        }
        transports.forEach(TcpTransport::stop);
    }

    @Test
    public void packetsFlowBothWaysOverTheConnectionTheDiallerOpened() throws Exception {
        Sink aliceSink = new Sink();
        Sink bobSink = new Sink();
        TcpTransport alice = started(limits(Duration.ofSeconds(5), 16, 4), aliceSink);
        TcpTransport bob = started(limits(Duration.ofSeconds(5), 16, 4), bobSink);

        alice.send(contact(bob), new BytesFrame(bytes(1000, 1))).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertArrayEquals(bytes(1000, 1), bobSink.take());
        bob.send(contact(alice), new BytesFrame(bytes(70_000, 2))).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertArrayEquals(bytes(70_000, 2), aliceSink.take());

        assertEquals("bob answered through alice's connection", 1, bob.openConnections());
    }

    @Test
    public void connectionsBrokenInEveryWayLeaveNoThreadAndNoConnectionBehind() throws Exception {
        int jvmBefore = tcpThreads("bitdust-tcp-");
        TcpTransport server = started(limits(Duration.ofSeconds(2), 256, 256), new Sink());
        String prefix = "bitdust-tcp-" + server.port() + "-";
        assertEquals("only the acceptor runs", 1, tcpThreads(prefix));
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        Random random = new Random(9);

        for (int i = 0; i < 2400; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 10_000);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                switch (i % 6) {
                    case 0 -> {
                        // connect and close
                    }
                    case 1 -> {
                        byte[] garbage = new byte[4096];
                        random.nextBytes(garbage);
                        out.write(garbage);
                    }
                    case 2 -> {
                        out.writeInt(21);
                        out.writeByte(TcpConnection.HELLO);
                        out.write(new byte[5]);
                    }
                    case 3 -> {
                        hello(out, "");
                        socket.setSoLinger(true, 0);
                    }
                    case 4 -> {
                        hello(out, "");
                        out.writeInt(1001);
                        out.writeByte(TcpConnection.PACKET);
                        out.write(new byte[10]);
                        socket.setSoLinger(true, 0);
                    }
                    default -> {
                        hello(out, "");
                        out.writeInt(101);
                        out.writeByte(TcpConnection.PACKET);
                        out.write(new byte[100]);
                        out.flush();
                        socket.setSoTimeout(60_000);
                        assertEquals("the ACK's length", 1, new DataInputStream(socket.getInputStream()).readInt());
                    }
                }
                out.flush();
            }
        }
        for (int i = 0; i < 20; i++) {
            peerClosesWhileWeWrite(server);
        }

        await(() -> server.openConnections() == 0 && tcpThreads(prefix) == 1,
                "every connection closed and only the acceptor left, not " + tcpThreads(prefix) + " threads");
        server.stop();
        await(() -> tcpThreads("bitdust-tcp-") <= jvmBefore, "no bitdust-tcp thread left after stop");
    }

    @Test
    public void stopClosesConnectionsInEveryStateAndEndsEveryThread() throws Exception {
        Sink sink = new Sink();
        TcpTransport server = started(limits(Duration.ofSeconds(60), 64, 64), sink);
        String prefix = "bitdust-tcp-" + server.port() + "-";
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Socket socket = connect(null, server);
            if (i % 2 == 0) {
                hello(new DataOutputStream(socket.getOutputStream()), "");
            }
            clients.add(socket);
        }
        ServerSocket sinkhole = listening();
        CompletableFuture<Void> writing = server.send("tcp://127.0.0.1:" + sinkhole.getLocalPort(),
                new ZeroFrame(64 * 1024 * 1024)).toCompletableFuture();
        Socket stuck = sinkhole.accept();
        sockets.add(stuck);
        await(() -> server.openConnections() == 11, "11 connections open");

        server.stop();

        ExecutionException failed = assertThrows(ExecutionException.class, () -> writing.get(60, TimeUnit.SECONDS));
        assertTrue(failed.getCause().toString(), failed.getCause() instanceof IOException);
        for (Socket client : clients) {
            assertClosedByServer(client);
        }
        await(() -> server.openConnections() == 0 && tcpThreads(prefix) == 0, "no connection and no thread left");
    }

    @Test
    public void aConnectionThatDoesNotCompleteItsHelloInTimeIsClosed() throws Exception {
        TcpTransport server = started(limits(Duration.ofMillis(300), 16, 4), new Sink());
        Socket silent = connect(null, server);
        Socket trickling = connect(null, server);
        OutputStream out = trickling.getOutputStream();
        byte[] slowHello = new byte[4 + 1 + TcpConnection.MAX_CONTACT_LENGTH];
        slowHello[2] = 1;
        slowHello[3] = 1;
        slowHello[4] = TcpConnection.HELLO;
        try {
            // Sending it all would take 13 s, far beyond the HELLO timeout, but within the frame timeout.
            for (byte b : slowHello) {
                out.write(b);
                out.flush();
                Thread.sleep(50);
            }
            fail("a HELLO trickling in over " + slowHello.length * 50 + " ms was accepted");
        } catch (IOException expected) {
            // the server closed the connection
        }
        assertClosedByServer(silent);
        await(() -> server.openConnections() == 0, "both connections closed");
    }

    @Test
    public void idleSocketsFromOneAddressLeaveRoomForARealPeer() throws Exception {
        Sink sink = new Sink();
        TcpTransport server = started(limits(Duration.ofSeconds(60), 8, 3), sink);
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            idle.add(connect("127.0.0.2", server));
        }
        TcpTransport peer = started(limits(Duration.ofSeconds(60), 8, 3), new Sink());

        peer.send(contact(server), new BytesFrame(bytes(500, 3))).toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertArrayEquals(bytes(500, 3), sink.take());
        assertEquals("3 idle sockets from 127.0.0.2 and the peer", 4, server.openConnections());
        for (Socket socket : idle.subList(3, idle.size())) {
            assertClosedByServer(socket);
        }
        connect("127.0.0.3", server);
        await(() -> server.openConnections() == 5, "another address may still open a connection");
    }

    @Test
    public void startOnABusyPortFailsNamingTheOptionAndSucceedsOnceThePortIsFree() throws Exception {
        ServerSocket occupier = listening();
        int port = occupier.getLocalPort();
        String prefix = "bitdust-tcp-" + port + "-";
        TcpTransport transport = new TcpTransport("127.0.0.1", port, PORT_OPTION, "127.0.0.1",
                limits(Duration.ofSeconds(5), 16, 4));
        transports.add(transport);
        Sink sink = new Sink();
        String expected = "cannot listen on 127.0.0.1:" + port + " (Address already in use); set " + PORT_OPTION
                + " to a free port";

        for (int attempt = 0; attempt < 2; attempt++) {
            IOException failed = assertThrows(IOException.class, () -> transport.start(sink));
            assertEquals(expected, failed.getMessage());
            assertEquals("no thread left by the failed start", 0, tcpThreads(prefix));
        }
        occupier.close();

        assertEquals(List.of("tcp://127.0.0.1:" + port), transport.start(sink));
        TcpTransport peer = started(limits(Duration.ofSeconds(5), 16, 4), new Sink());
        peer.send("tcp://127.0.0.1:" + port, new BytesFrame(bytes(10, 4))).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertArrayEquals(bytes(10, 4), sink.take());
        assertThrows(IllegalStateException.class, () -> transport.start(sink));
    }

    @Test
    public void aSendThatCannotBeMadeFailsWithItsReason() throws Exception {
        TcpTransport transport = new TcpTransport("127.0.0.1", 0, PORT_OPTION, "127.0.0.1",
                limits(Duration.ofSeconds(5), 16, 4));
        transports.add(transport);
        assertSendFails(transport, "tcp://127.0.0.1:9",
                "cannot connect to tcp://127.0.0.1:9: the TCP transport is not started");
        transport.start(new Sink());
        assertSendFails(transport, "http://127.0.0.1:9", "'http://127.0.0.1:9' is not a tcp://host:port contact");
        transport.stop();
        assertSendFails(transport, "tcp://127.0.0.1:9",
                "cannot connect to tcp://127.0.0.1:9: the TCP transport is stopped");
    }

    private static void assertSendFails(TcpTransport transport, String contact, String reason) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> transport.send(contact,
                new BytesFrame(new byte[1])).toCompletableFuture().get(60, TimeUnit.SECONDS));
        assertEquals(reason, failed.getCause().getMessage());
    }

    /** A peer that accepts our connection, reads a little of a large frame, then resets the connection. */
    private void peerClosesWhileWeWrite(TcpTransport server) throws Exception {
        try (ServerSocket peer = listening()) {
            CompletableFuture<Void> sent = server.send("tcp://127.0.0.1:" + peer.getLocalPort(),
                    new ZeroFrame(32 * 1024 * 1024)).toCompletableFuture();
            try (Socket socket = peer.accept()) {
                socket.getInputStream().readNBytes(100_000);
                socket.setSoLinger(true, 0);
            }
            ExecutionException failed = assertThrows(ExecutionException.class, () -> sent.get(60, TimeUnit.SECONDS));
            assertTrue(failed.getCause().toString(), failed.getCause() instanceof IOException);
        }
    }

    private TcpTransport started(TcpLimits limits, Sink sink) throws IOException {
        TcpTransport transport = new TcpTransport("127.0.0.1", 0, PORT_OPTION, "127.0.0.1", limits);
        transports.add(transport);
        transport.start(sink);
        return transport;
    }

    private Socket connect(String fromHost, TcpTransport server) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        if (fromHost != null) {
            socket.bind(new InetSocketAddress(fromHost, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        return socket;
    }

    private ServerSocket listening() throws IOException {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

    private static TcpLimits limits(Duration helloTimeout, int maxConnections, int maxHandshakesPerAddress) {
        return new TcpLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), 1024 * 1024, maxConnections,
                helloTimeout, maxHandshakesPerAddress);
    }

    private static String contact(TcpTransport transport) {
        return "tcp://127.0.0.1:" + transport.port();
    }

    private static void hello(DataOutputStream out, String contact) throws IOException {
        byte[] body = contact.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(1 + body.length);
        out.writeByte(TcpConnection.HELLO);
        out.write(body);
        out.flush();
    }

    /** Reads until the server closes the socket: end of stream or a reset, not the 60 s read timeout. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout((int) LONG.toMillis());
        try (InputStream in = socket.getInputStream()) {
            while (in.read() >= 0) {
                continue;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server left " + socket + " open", e);
        } catch (IOException reset) {
            // closed by the server with a reset
        }
    }

    private static int tcpThreads(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix)).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Receives every frame whole, whatever its bytes. */
    private static final class Sink implements InboundSink {
        private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

        @Override
        public int maxLength() {
            return 1024 * 1024;
        }

        @Override
        public void receive(InputStream in, int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new IOException("the frame is truncated");
            }
            received.add(bytes);
        }

        byte[] take() throws InterruptedException {
            byte[] bytes = received.poll(60, TimeUnit.SECONDS);
            if (bytes == null) {
                fail("nothing received in 60 s");
            }
            return bytes;
        }
    }

    private record BytesFrame(byte[] bytes) implements Frame {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public Duration timeout() {
            return FRAME_TIMEOUT;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }

    /** A large frame of zeros, written from one small buffer. */
    private record ZeroFrame(int length) implements Frame {
        @Override
        public Duration timeout() {
            return FRAME_TIMEOUT;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] zeros = new byte[64 * 1024];
            for (int left = length; left > 0; left -= zeros.length) {
                out.write(zeros, 0, Math.min(left, zeros.length));
            }
        }
    }
}
