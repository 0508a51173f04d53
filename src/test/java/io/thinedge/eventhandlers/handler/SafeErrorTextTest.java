package io.thinedge.eventhandlers.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class SafeErrorTextTest {

    @Test
    void should_cut_every_uri_to_scheme_host_and_port_and_keep_the_status() {
        HttpOperationFailedException http = new HttpOperationFailedException(
                "https://hooks.example.com:8443/services/T000/B000/XXXX?code=s3cret", 404, "Not Found", null, null, null);

        assertThat(SafeErrorText.of(http)).isEqualTo("HttpOperationFailedException: HTTP 404 Not Found from https://hooks.example.com:8443/…");
        assertThat(SafeErrorText.of(new ExecutionException(new IllegalStateException(
                "cannot reach http://alice:pw@10.0.0.1/path?token=t and mqtt://broker:1883"))))
                .isEqualTo("IllegalStateException: cannot reach http://10.0.0.1/… and mqtt://broker:1883");
        assertThat(SafeErrorText.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
