package io.thinedge.eventhandlers.config;

/** A configuration key is missing or holds a value the application cannot use. */
public class InvalidSettingException extends IllegalArgumentException {
    public InvalidSettingException(String key, String problem) {
        super("Configuration key " + key + " " + problem);
    }
}
