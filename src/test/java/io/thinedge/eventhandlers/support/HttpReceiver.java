package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP or HTTPS webhook receiver on 127.0.0.1 (JDK HttpServer): records every request and
 * answers with a settable status, or hangs without answering, or holds requests until enough are
 * open at once; counts the most requests it had open at once. Can be stopped and started again on
 * the same port.
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String uri, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final SSLContext tls;
    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile java.util.function.ToIntFunction<Request> rule;
    private volatile String location;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    /** Requests received and not answered yet, and the most there were at once. */
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxOpen = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int together;
    private volatile CountDownLatch openTogether = new CountDownLatch(0);
    private HttpServer server;
    private java.util.concurrent.ExecutorService executor;

    private HttpReceiver(SSLContext tls, int port) {
        this.tls = tls;
        this.port = port;
    }

    public static HttpReceiver http() {
        return new HttpReceiver(null, MosquittoBroker.freePort()).start();
    }

    /** HTTPS with the given server certificate and key. */
    public static HttpReceiver https(SSLContext serverContext) {
        return new HttpReceiver(serverContext, MosquittoBroker.freePort()).start();
    }

    public synchronized HttpReceiver start() {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            if (tls != null) {
                HttpsServer https = HttpsServer.create(address, 50);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            } else {
                server = HttpServer.create(address, 50);
            }
            server.createContext("/", this::handle);
            executor = Executors.newCachedThreadPool();
            server.setExecutor(executor);
            server.start();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("Receiver cannot listen on " + port + ": " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        release();
        if (server != null) {
            server.stop(0);
            server = null;
            // its threads would otherwise idle on for a minute after each stop
            executor.shutdown();
        }
    }

    public String url(String path) {
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** Answers every following request with this status. */
    public HttpReceiver answer(int newStatus) {
        this.rule = null;
        this.status = newStatus;
        return this;
    }

    /** Answers every following request with the status {@code rule} gives for it (until {@link #answer(int)}). */
    public HttpReceiver answerWith(java.util.function.ToIntFunction<Request> newRule) {
        this.rule = newRule;
        return this;
    }

    /** Answers with a redirect to {@code target}. */
    public HttpReceiver redirectTo(String target) {
        this.location = target;
        this.status = 302;
        return this;
    }

    /** Records requests but answers none of them until {@link #release()}. */
    public HttpReceiver hang() {
        hang = new CountDownLatch(1);
        return this;
    }

    public void release() {
        hang.countDown();
        openTogether.countDown();
    }

    /**
     * Holds every following request until {@code count} requests were open at the same time (then
     * answers them all, and those after at once), or a minute passed: a client that never has that
     * many open sees its requests time out.
     */
    public HttpReceiver answerWhenOpen(int count) {
        together = count;
        openTogether = new CountDownLatch(1);
        return this;
    }

    /** The most requests that were open (received, not answered yet) at the same time. */
    public int maxOpen() {
        return maxOpen.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<String> bodies() {
        return requests.stream().map(Request::body).collect(Collectors.toList());
    }

    public void clear() {
        requests.clear();
        maxOpen.set(0);
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request;
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
        }
        int nowOpen = open.incrementAndGet();
        maxOpen.accumulateAndGet(nowOpen, Math::max);
        try {
            if (nowOpen >= together) {
                openTogether.countDown();
            }
            openTogether.await(60, TimeUnit.SECONDS);
            hang.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // before the answer: the client cannot send its next request before it has this one's
            open.decrementAndGet();
        }
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        java.util.function.ToIntFunction<Request> current = rule;
        exchange.sendResponseHeaders(current != null ? current.applyAsInt(request) : status, -1);
        exchange.close();
    }
}
