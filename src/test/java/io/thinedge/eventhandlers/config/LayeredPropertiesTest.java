package io.thinedge.eventhandlers.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** Keys under a prefix, layered as Camel layers one key: override, -D, environment, files. */
class LayeredPropertiesTest {

    @Test
    void should_layer_overrides_system_properties_environment_and_files_and_re_read_the_files() throws Exception {
        Path file = Files.createTempFile("application", ".properties");
        Files.writeString(file, """
                kafka.domain./a/.bootstrap.servers = from-file-a
                kafka.domain./b/.bootstrap.servers = from-file-b
                kafka.domain./c/.bootstrap.servers = from-file-c
                other.key = not under the prefix
                """);
        Map<String, String> environment = Map.of("KAFKA_DOMAIN__B__BOOTSTRAP_SERVERS", "from-env-b");
        LayeredProperties layered = LayeredProperties.of(List.of(file),
                Map.of("kafka.domain./c/.bootstrap.servers", "from-override-c"), environment::get);
        System.setProperty("kafka.domain./d/.bootstrap.servers", "from-system-d");
        try {
            Properties read = layered.read("kafka.domain.");

            assertThat(read).containsOnly(
                    Map.entry("kafka.domain./a/.bootstrap.servers", "from-file-a"),
                    Map.entry("kafka.domain./b/.bootstrap.servers", "from-env-b"),
                    Map.entry("kafka.domain./c/.bootstrap.servers", "from-override-c"),
                    Map.entry("kafka.domain./d/.bootstrap.servers", "from-system-d"));

            Files.writeString(file, "kafka.domain./e/.linger.ms = 5\n");
            assertThat(layered.read("kafka.domain.")).containsOnlyKeys("kafka.domain./c/.bootstrap.servers",
                    "kafka.domain./d/.bootstrap.servers", "kafka.domain./e/.linger.ms");
        } finally {
            System.clearProperty("kafka.domain./d/.bootstrap.servers");
        }
    }

    @Test
    void should_name_the_environment_variable_with_slashes_as_underscores() {
        assertThat(LayeredProperties.environmentName("kafka.domain./tenant/site-b/.bootstrap.servers"))
                .isEqualTo("KAFKA_DOMAIN__TENANT_SITE_B__BOOTSTRAP_SERVERS");
    }
}
