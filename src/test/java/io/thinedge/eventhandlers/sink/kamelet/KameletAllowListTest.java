package io.thinedge.eventhandlers.sink.kamelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.config.InvalidSettingException;

class KameletAllowListTest {

    static Properties settings(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void should_allow_the_built_in_sinks_and_network_only_catalog_sinks_when_nothing_is_set() {
        KameletAllowList list = new KameletAllowList(KameletAllowListTest::settings);

        assertThat(list.forDomain("/tenant/a/")).containsExactlyInAnyOrder("tedge-kafka-sink", "tedge-webhook-sink",
                "tedge-smartrest-sink", "http-sink", "mqtt5-sink", "kafka-not-secured-sink");
        assertThat(list.allows("/", "log-sink")).isFalse();
    }

    @Test
    void should_use_the_nearest_domains_list_else_kamelet_allowed() {
        KameletAllowList list = new KameletAllowList(() -> settings("kamelet.allowed", "http-sink, mqtt5-sink",
                "kamelet.domain./tenant/lab/.allowed", "log-sink", "kamelet.domain./tenant/lab/deep/.allowed", ""));

        assertThat(list.forDomain("/tenant/")).containsExactlyInAnyOrder("http-sink", "mqtt5-sink");
        assertThat(list.forDomain("/tenant/lab/site/")).containsExactly("log-sink");
        assertThat(list.forDomain("/tenant/lab/deep/x/")).isEmpty();
        assertThat(list.forDomain("/tenant/laboratory/")).containsExactlyInAnyOrder("http-sink", "mqtt5-sink");
    }

    @Test
    void should_name_an_invalid_key_at_start_and_keep_the_last_valid_lists_when_an_edit_breaks_them() {
        assertThatThrownBy(() -> new KameletAllowList(() -> settings("kamelet.alowed", "log-sink")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("kamelet.alowed");
        assertThatThrownBy(() -> new KameletAllowList(() -> settings("kamelet.domain.tenant.allowed", "log-sink")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("kamelet.domain.tenant.allowed");

        AtomicReference<Properties> current = new AtomicReference<>(settings("kamelet.allowed", "http-sink"));
        KameletAllowList list = new KameletAllowList(current::get);
        current.set(settings("kamelet.allowed", "mqtt5-sink"));
        assertThat(list.forDomain("/")).as("re-read at every check").containsExactly("mqtt5-sink");
        current.set(settings("kamelet.allowed", "file:/etc"));
        assertThat(list.forDomain("/")).containsExactly("mqtt5-sink");
    }
}
