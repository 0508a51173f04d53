package io.thinedge.eventhandlers;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thinedge.eventhandlers.api.TokensFile;
import io.thinedge.eventhandlers.config.ConfigFileWatcher;
import io.thinedge.eventhandlers.config.LayeredProperties;
import io.thinedge.eventhandlers.config.RestartOnlySettings;
import io.thinedge.eventhandlers.dispatch.HandlerRuntimes;
import io.thinedge.eventhandlers.handler.HandlerType;
import io.thinedge.eventhandlers.sink.kafka.KafkaConfig;
import io.thinedge.eventhandlers.sink.kafka.KafkaDomainProperties;
import io.thinedge.eventhandlers.sink.kamelet.KameletAllowList;
import io.thinedge.eventhandlers.sink.kamelet.KameletSink;

/**
 * The settings that change without a restart: the API tokens when their file changes, and the
 * Kafka properties of the domains ({@code kafka.domain.*}) when a property file changes; the Kafka
 * handlers that use a domain's properties then get new producers before their next event; the
 * Kamelet allow lists ({@code kamelet.*}) are read at each request, and when they changed every
 * handler's sink is set up again, so a handler whose Kamelet its domain may no longer use stops
 * delivering (it fails and keeps its events as dead letters). Any
 * other setting changed in a file is named in a WARN saying it needs a restart ({@link RestartOnlySettings}).
 */
final class SettingsReload {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsReload.class);

    private SettingsReload() {
    }

    static ConfigFileWatcher watcher(LayeredProperties layered, TokensFile tokens, KafkaDomainProperties kafkaDomains,
            KameletSink kamelets, HandlerRuntimes handlers) {
        ConfigFileWatcher watcher = new ConfigFileWatcher().onChange(tokens.file(), tokens::reload);
        RestartOnlySettings restartOnly = new RestartOnlySettings(layered,
                Set.of(KafkaDomainProperties.PREFIX, KameletAllowList.ALLOWED, KameletAllowList.DOMAIN_PREFIX));
        AtomicReference<Map<String, Set<String>>> allowLists = new AtomicReference<>(kamelets.allowLists());
        for (Path file : layered.files()) {
            watcher.onChange(file, () -> reloadKafka(layered, kafkaDomains, handlers));
            watcher.onChange(file, () -> recheckKamelets(kamelets, allowLists, handlers));
            watcher.onChange(file, restartOnly::fileChanged);
        }
        return watcher;
    }

    private static void recheckKamelets(KameletSink kamelets, AtomicReference<Map<String, Set<String>>> last,
            HandlerRuntimes handlers) {
        Map<String, Set<String>> now = kamelets.allowLists();
        if (!now.equals(last.getAndSet(now))) {
            handlers.rebuildAll();
            LOG.info("Kamelet allow lists ({}*) changed; every handler's sink is set up again under them",
                    KameletAllowList.PREFIX);
        }
    }

    private static void reloadKafka(LayeredProperties layered, KafkaDomainProperties kafkaDomains, HandlerRuntimes handlers) {
        KafkaDomainProperties newer = KafkaDomainProperties.from(layered.read(KafkaDomainProperties.PREFIX));
        if (newer.equals(kafkaDomains)) {
            return;
        }
        kafkaDomains.replaceWith(newer);
        LOG.info("Kafka properties of the domains ({}*) re-read; handlers using them reconnect",
                KafkaDomainProperties.PREFIX);
        handlers.rebuild(handler -> handler.type() == HandlerType.KAFKA && usesDomainProperties(handler.connectionConfig()));
    }

    private static boolean usesDomainProperties(com.fasterxml.jackson.databind.JsonNode connectionConfig) {
        try {
            return KafkaConfig.from(connectionConfig).source() == KafkaConfig.Source.DOMAIN;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
