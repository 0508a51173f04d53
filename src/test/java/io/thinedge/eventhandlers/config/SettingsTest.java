package io.thinedge.eventhandlers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileReader;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    /** The shipped config/application.properties, as the application reads it. */
    private static Map<String, String> shipped() throws IOException {
        Properties properties = new Properties();
        try (FileReader reader = new FileReader("config/application.properties")) {
            properties.load(reader);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private static Settings load(Map<String, String> values) {
        return Settings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void should_run_as_is_with_the_shipped_defaults() throws IOException {
        Settings settings = load(shipped());
        assertThat(settings.mqttServerUri()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(settings.deviceDomain()).isEqualTo("/");
        assertThat(settings.webhookTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retestInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.deadletterMaxEvents()).isEqualTo(100000);
        assertThat(settings.c8yEnabled()).isFalse();
        assertThat(settings.storeUrl()).as("the embedded H2 file under store.dir").isNull();
        assertThat(settings.sharesEvents()).isFalse();
        assertThat(settings.apiMaxHandlersPerTokenDomain()).isEqualTo(100);
        assertThat(settings.smartrestTenantTopicPrefixes()).isEmpty();
    }

    @Test
    void should_share_events_and_store_in_postgresql_when_configured_and_never_print_the_password() throws IOException {
        Map<String, String> values = shipped();
        values.put("tedge.mqtt.shared-group", "central");
        values.put("store.url", "jdbc:postgresql://db.example.com:5432/tedge?password=inurl");
        values.put("store.user", "tedge");
        values.put("store.password", "s3cret");

        Settings settings = load(values);

        assertThat(settings.sharesEvents()).isTrue();
        assertThat(settings.mqttSharedGroup()).isEqualTo("central");
        assertThat(settings.storePassword()).isEqualTo("s3cret");
        assertThat(settings.toString()).contains("jdbc:postgresql://db.example.com:5432/tedge")
                .doesNotContain("s3cret").doesNotContain("inurl");
    }

    @ParameterizedTest(name = "{0}={1} is rejected")
    @CsvSource(delimiter = '|', value = {
        "tedge.mqtt.port          | 70000 | Configuration key tedge.mqtt.port must be a port number from 1 to 65535, not 70000",
        "tedge.mqtt.port          | abc   | Configuration key tedge.mqtt.port must be a whole number, not 'abc'",
        "tedge.mqtt.host          | ''    | Configuration key tedge.mqtt.host is missing",
        "webhook.timeout          | ten   | Configuration key webhook.timeout must be a duration such as 500ms, 10s or 5m, not 'ten'",
        "handlers.retest-interval | 60    | Configuration key handlers.retest-interval must be a duration",
        "tedge.device.domain      | tenant | Configuration key tedge.device.domain must be a domain path starting with '/'",
        "c8y.enabled              | yes   | Configuration key c8y.enabled must be true or false, not 'yes'",
        "deadletter.max-events    | 0     | Configuration key deadletter.max-events must be from 1",
        "tedge.mqtt.shared-group  | a/b   | Configuration key tedge.mqtt.shared-group must be a name without '/', '+' or '#', not 'a/b'",
        "store.url                | jdbc:mysql://db/x | Configuration key store.url must be a jdbc:postgresql:// (or jdbc:h2:) URL, not 'jdbc:mysql://db/x'",
        "api.max-handlers-per-token-domain | 0 | Configuration key api.max-handlers-per-token-domain must be from 1",
        "smartrest.tenant-topic-prefixes | a, b/# | Configuration key smartrest.tenant-topic-prefixes must list topic prefixes without '#'",
    })
    void should_name_the_key_of_an_invalid_value(String key, String value, String message) throws IOException {
        Map<String, String> values = shipped();
        values.put(key, value);
        assertThatThrownBy(() -> load(values)).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith(message);
    }

    @Test
    void should_name_a_missing_key() throws IOException {
        Map<String, String> values = shipped();
        values.remove("tedge.device.id");
        assertThatThrownBy(() -> load(values)).hasMessage("Configuration key tedge.device.id is missing");
    }

    @Test
    void should_accept_zero_to_switch_the_retest_off() throws IOException {
        Map<String, String> values = shipped();
        values.put("handlers.retest-interval", "0");
        assertThat(load(values).retestInterval()).isZero();
    }
}
