package io.thinedge.eventhandlers.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 playing the Cumulocity tenant for the SmartREST HTTP path:
 * {@code GET /identity/externalIds/c8y_Serial/<id>} answers the managed object of the devices
 * {@link #register registered} here (404 for others), {@code POST /event/events/} answers 201.
 * Every request is recorded.
 */
public final class C8yTenant implements AutoCloseable {

    private static final String IDENTITY_PATH = "/identity/externalIds/c8y_Serial/";

    /** One request as received; {@code path} is the raw (still percent-encoded) path. */
    public record Request(String method, String path, String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> managedObjects = new ConcurrentHashMap<>();

    private C8yTenant(HttpServer server) {
        this.server = server;
    }

    public static C8yTenant start() {
        try {
            C8yTenant tenant = new C8yTenant(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50));
            tenant.server.createContext("/", tenant::handle);
            tenant.server.setExecutor(tenant.executor);
            tenant.server.start();
            return tenant;
        } catch (IOException e) {
            throw new IllegalStateException("The fake tenant cannot listen: " + e.getMessage(), e);
        }
    }

    /** The device with external id {@code serial} (type c8y_Serial) is managed object {@code id}. */
    public C8yTenant register(String serial, String id) {
        managedObjects.put(serial, id);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        int status;
        String answer;
        if (exchange.getRequestMethod().equals("GET") && path.startsWith(IDENTITY_PATH)) {
            String serial = java.net.URLDecoder.decode(path.substring(IDENTITY_PATH.length()), StandardCharsets.UTF_8);
            String id = managedObjects.get(serial);
            status = id == null ? 404 : 200;
            answer = id == null
                    ? "{\"error\":\"identity/Not Found\",\"message\":\"External id not found; external id = ID [type=c8y_Serial, value="
                            + serial + "]\"}"
                    : "{\"externalId\":\"" + serial + "\",\"type\":\"c8y_Serial\",\"managedObject\":{\"id\":\"" + id
                            + "\",\"self\":\"" + url() + "/inventory/managedObjects/" + id + "\"}}";
        } else if (exchange.getRequestMethod().equals("POST") && path.equals("/event/events/")) {
            status = 201;
            answer = "{\"id\":\"1\"}";
        } else {
            status = 404;
            answer = "{}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
    }
}
