package io.thinedge.eventhandlers.api;

import io.vertx.core.VertxOptions;

/**
 * Options of the Vert.x instance behind the REST API, health and metrics (Camel's embedded
 * platform-http server picks up the one {@link VertxOptions} bean it finds).
 */
public final class ApiServerOptions {

    /**
     * Camel runs each API request's route on a Vert.x worker thread. Vert.x's default pool of 20
     * keeps a thread for each of the first 20 requests, for good, although the API serves one
     * operator and a scraper; four still let a slow handler test (up to the webhook timeout) run
     * beside health and metrics requests, and the rest wait their turn.
     */
    static final int WORKER_THREADS = 4;

    private ApiServerOptions() {
    }

    public static VertxOptions vertxOptions() {
        return new VertxOptions().setWorkerPoolSize(WORKER_THREADS);
    }
}
