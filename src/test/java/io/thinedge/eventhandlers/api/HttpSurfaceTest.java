package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which hosts count as "this machine only", and the address the OpenAPI document names. */
class HttpSurfaceTest {

    @Test
    void should_require_a_token_for_health_and_metrics_by_default_once_the_server_leaves_loopback() {
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "localhost", "::1"}) {
            assertThat(ObserveAccess.requiredByDefault(loopback)).as(loopback).isFalse();
        }
        for (String exposed : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
            assertThat(ObserveAccess.requiredByDefault(exposed)).as(exposed).isTrue();
        }
    }

    @Test
    void should_name_the_servers_own_address_and_never_the_wildcard_in_the_openapi_document() {
        assertThat(HttpSurface.clientHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(HttpSurface.clientHost("192.0.2.10")).isEqualTo("192.0.2.10");
        assertThat(HttpSurface.clientHost("0.0.0.0")).isNotEqualTo("0.0.0.0").isNotBlank();
        assertThat(HttpSurface.clientHost("::")).isNotEqualTo("::").isNotBlank();
    }
}
