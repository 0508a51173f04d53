package io.thinedge.eventhandlers.sink.smartrest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/** Which topic prefixes a SmartREST handler of a domain may use, level by level. */
class TenantTopicPrefixesTest {

    static final TenantTopicPrefixes ANY_OWN = new TenantTopicPrefixes("cloud", List.of());
    static final TenantTopicPrefixes LISTED = new TenantTopicPrefixes("c8y", List.of("tenants/a", "site"));

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
        "c8y, /, true", "cloud/x, /, true", "$SYS, /, true",
        "c8y, /t/, false", "c8y/s, /t/, false", "cloud, /t/, false", "cloud/up, /t/, false", "te, /t/, false",
        "tedge/events/x, /t/, false", "$share/g/x, /t/, false",
        "c8y2, /t/, true", "clouds, /t/, true", "tenant-t, /t/, true", "x/c8y, /t/, true"})
    void should_keep_the_gateways_own_topics_for_the_root_domain(String prefix, String domain, boolean allowed) {
        check(ANY_OWN, prefix, domain, allowed);
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({"tenants/a, /t/, true", "tenants/a/b, /t/, true", "site, /t/, true", "tenants/ab, /t/, false",
        "tenants, /t/, false", "other, /t/, false", "other, /, true"})
    void should_limit_tenants_to_the_listed_prefixes_when_set(String prefix, String domain, boolean allowed) {
        check(LISTED, prefix, domain, allowed);
    }

    private static void check(TenantTopicPrefixes prefixes, String prefix, String domain, boolean allowed) {
        if (allowed) {
            assertThatCode(() -> prefixes.check(prefix, domain, "connectionConfig.topicPrefix")).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> prefixes.check(prefix, domain, "connectionConfig.topicPrefix"))
                    .isInstanceOf(InvalidHandlerException.class).hasMessageStartingWith("connectionConfig.topicPrefix: ");
        }
    }
}
