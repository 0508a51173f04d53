package io.thinedge.eventhandlers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;

/**
 * config/jvm.env carries -XX:+IgnoreUnrecognizedVMOptions (so that a JDK without one of its
 * options still starts), which also drops a misspelt option without a word: every -XX option
 * there must be in effect on the JDK the Makefile installs.
 */
class JvmOptionsTest {

    /** A line of -XX:+PrintFlagsFinal: {@code   uintx MinHeapFreeRatio   = 15   {manageable} {command line}}. */
    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S*)\\s+\\{.*$", Pattern.MULTILINE);

    @Test
    void should_have_every_jvm_env_option_in_effect() throws Exception {
        List<String> options = List.of(ForwarderProcess.heapOptions().trim().split("\\s+"));
        Map<String, String> flags = finalFlags(options);

        List<String> xxOptions = options.stream().filter(option -> option.startsWith("-XX:")).toList();
        assertThat(xxOptions).isNotEmpty();
        for (String option : xxOptions) {
            String setting = option.substring("-XX:".length());
            String name;
            String expected;
            if (setting.startsWith("+") || setting.startsWith("-")) {
                name = setting.substring(1);
                expected = String.valueOf(setting.startsWith("+"));
            } else {
                name = setting.substring(0, setting.indexOf('='));
                expected = setting.substring(setting.indexOf('=') + 1);
            }
            assertThat(flags).as("JVM flag of %s", option).containsKey(name);
            assertThat(sameValue(flags.get(name), expected)).as("%s is %s, not %s", name, flags.get(name), expected).isTrue();
        }
    }

    private static Map<String, String> finalFlags(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor()).as(output).isZero();
        Map<String, String> flags = new HashMap<>();
        Matcher line = FLAG.matcher(output);
        while (line.find()) {
            flags.put(line.group(1), line.group(2));
        }
        return flags;
    }

    /** PrintFlagsFinal writes a double as 3.000000 where the option said 3. */
    private static boolean sameValue(String actual, String expected) {
        try {
            return Double.parseDouble(actual) == Double.parseDouble(expected);
        } catch (NumberFormatException notNumbers) {
            return actual.equals(expected);
        }
    }
}
