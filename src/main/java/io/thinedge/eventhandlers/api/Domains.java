package io.thinedge.eventhandlers.api;

import java.util.regex.Pattern;

import io.thinedge.eventhandlers.handler.InvalidHandlerException;

/**
 * Domain paths such as {@code /tenant/site/}: always absolute, always ending with {@code /}, made
 * of plain segments (no {@code .} or {@code ..}, no empty segment, no control characters).
 */
public final class Domains {

    public static final String ROOT = "/";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_~@+=:,;!$'()*-][A-Za-z0-9_.~@+=:,;!$'()*-]*");

    private Domains() {
    }

    /** The domain ending with {@code /}; throws naming {@code field} when it is not a plain domain path. */
    public static String normalise(String domain, String field) {
        if (domain == null || !domain.startsWith("/")) {
            throw new InvalidHandlerException(field, "must be a domain path starting with '/', not '" + printable(domain) + "'");
        }
        String path = domain.endsWith("/") ? domain : domain + "/";
        if (path.length() > 1000) {
            throw new InvalidHandlerException(field, "is longer than 1000 characters");
        }
        if (path.equals(ROOT)) {
            return ROOT;
        }
        for (String segment : path.substring(1, path.length() - 1).split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new InvalidHandlerException(field, "must be made of plain path segments (no '.', '..' or empty "
                        + "segments, no special characters), not '" + printable(domain) + "'");
            }
        }
        return path;
    }

    /** True when {@code domain} is {@code scope} or lies below it (both normalised). */
    public static boolean isWithin(String domain, String scope) {
        return domain.startsWith(scope);
    }

    private static String printable(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
    }
}
