package io.bitdust.identity.internal;

import io.bitdust.common.BitDustException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Small HTTP exchanges with identity servers: each bounded by one timeout from connecting to the last byte, and each
 * answer by a size limit (the body is dropped as soon as it grows past it). Thread-safe.
 */
final class HttpTransfer {
    /** An answer: its status and body. */
    record Answer(int status, byte[] body) {
    }

    /**
     * One client for the whole JVM, created on first use. A JDK client owns a selector thread that lives on for a
     * while after the client is dropped; one client per cache and per publisher left dozens of them behind in tests
     * that run many nodes. The timeout is set on each request instead (it bounds connecting too), and no connect
     * timeout is set on the client, so one client serves every timeout. Never closed: it is shared, and its threads
     * are daemons.
     */
    private static final class Shared {
        static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private final Duration timeout;
    private final int maxAnswerBytes;

    /**
     * @param timeout        the longest an exchange may take, connecting included
     * @param maxAnswerBytes the largest answer body accepted
     */
    HttpTransfer(Duration timeout, int maxAnswerBytes) {
        this.timeout = timeout;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Answer post(URI uri, byte[] body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer put(URI uri, byte[] body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(timeout).build();
        CompletableFuture<HttpResponse<byte[]>> exchange = Shared.CLIENT.sendAsync(request,
                info -> new BoundedBody(maxAnswerBytes, request.uri()));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw BitDustException.unavailable(request.uri() + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw BitDustException.unavailable("interrupted while talking to " + request.uri());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BitDustException) {
                throw (BitDustException) e.getCause();
            }
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                throw BitDustException.unavailable(request.uri() + " did not answer within " + timeout.toMillis()
                        + " ms");
            }
            throw BitDustException.unavailable("cannot reach " + request.uri() + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
    }

    /** Collects a body up to a limit; past it, cancels the transfer and fails. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;
        private final URI uri;
        private Flow.Subscription subscription;

        BoundedBody(int limit, URI uri) {
            this.limit = limit;
            this.uri = uri;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(BitDustException.invalid("the answer of " + uri + " is larger than "
                            + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
