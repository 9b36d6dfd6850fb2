package dev.lakehouse.models.jinja;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's string methods on strings ({@code name.lower()}, {@code s.startswith('x')}, {@code s.split(',')}), which
 * dbt projects call and Jinjava, which calls Java's methods instead, lacks or gets wrong (Java's split takes a
 * regular expression). Placed before Jinjava's own resolvers; anything else falls through to them.
 */
final class PythonStrings extends ELResolver {
    private static final Object UNHANDLED = new Object();
    private static final Pattern FORMAT_FIELD = Pattern.compile("\\{([^{}]*)\\}");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String text) || !(method instanceof String name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(text, name, args);
        if (result == UNHANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String name, Object[] a) {
        return switch (name) {
            case "lower", "casefold" -> s.toLowerCase(Locale.ROOT);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "strip" -> a.length == 0 || a[0] == null ? s.strip() : stripChars(s, str(a[0]), true, true);
            case "lstrip" -> a.length == 0 || a[0] == null ? s.stripLeading() : stripChars(s, str(a[0]), true, false);
            case "rstrip" -> a.length == 0 || a[0] == null ? s.stripTrailing() : stripChars(s, str(a[0]), false, true);
            case "startswith" -> a.length == 1 ? anyOf(a[0], s::startsWith) : UNHANDLED;
            case "endswith" -> a.length == 1 ? anyOf(a[0], s::endsWith) : UNHANDLED;
            case "split" -> split(s, a.length > 0 ? a[0] : null, a.length > 1 ? ((Number) a[1]).intValue() : -1);
            case "splitlines" -> new ArrayList<>(s.lines().toList());
            case "replace" -> a.length >= 2 ? replace(s, str(a[0]), str(a[1]), a.length > 2 ? ((Number) a[2]).intValue() : -1) : UNHANDLED;
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "format" -> format(s, a);
            case "join" -> a.length == 1 ? join(s, a[0]) : UNHANDLED;
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isupper" -> !s.equals(s.toLowerCase(Locale.ROOT)) && s.equals(s.toUpperCase(Locale.ROOT));
            case "islower" -> !s.equals(s.toUpperCase(Locale.ROOT)) && s.equals(s.toLowerCase(Locale.ROOT));
            case "count" -> a.length == 1 ? count(s, str(a[0])) : UNHANDLED;
            case "find" -> a.length == 1 ? s.indexOf(str(a[0])) : UNHANDLED;
            case "rfind" -> a.length == 1 ? s.lastIndexOf(str(a[0])) : UNHANDLED;
            case "zfill" -> a.length == 1 ? zfill(s, ((Number) a[0]).intValue()) : UNHANDLED;
            default -> UNHANDLED;
        };
    }

    private static String str(Object value) {
        return value == null ? "" : value.toString();
    }

    private static boolean anyOf(Object prefixes, java.util.function.Predicate<String> test) {
        if (prefixes instanceof Collection<?> many) {
            return many.stream().anyMatch(p -> test.test(str(p)));
        }
        return test.test(str(prefixes));
    }

    private static String stripChars(String s, String chars, boolean left, boolean right) {
        int begin = 0;
        int end = s.length();
        while (left && begin < end && chars.indexOf(s.charAt(begin)) >= 0) {
            begin++;
        }
        while (right && end > begin && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(begin, end);
    }

    /** Python's split: no separator splits on runs of whitespace; a separator is literal. */
    private static List<String> split(String s, Object separator, int max) {
        List<String> parts = new ArrayList<>();
        if (separator == null) {
            String rest = s.strip();
            if (rest.isEmpty()) {
                return parts;
            }
            String[] pieces = rest.split("\\s+", max < 0 ? -1 : max + 1);
            parts.addAll(Arrays.asList(pieces));
            return parts;
        }
        String sep = str(separator);
        int from = 0;
        int index;
        while ((max < 0 || parts.size() < max) && (index = s.indexOf(sep, from)) >= 0 && !sep.isEmpty()) {
            parts.add(s.substring(from, index));
            from = index + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        int done = 0;
        int index;
        while (done < count && !old.isEmpty() && (index = s.indexOf(old, from)) >= 0) {
            out.append(s, from, index).append(replacement);
            from = index + old.length();
            done++;
        }
        return out.append(s.substring(from)).toString();
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }

    /** str.format with {} / {0} / {name} fields (format specs are not supported). */
    private static String format(String s, Object[] args) {
        List<Object> positional = new ArrayList<>();
        Map<?, ?> named = Map.of();
        for (Object arg : args) {
            if (arg instanceof com.hubspot.jinjava.el.ext.NamedParameter parameter) {
                named = named.isEmpty() ? new java.util.HashMap<>() : named;
                @SuppressWarnings("unchecked")
                Map<Object, Object> writable = (Map<Object, Object>) named;
                writable.put(parameter.getName(), parameter.getValue());
            } else {
                positional.add(arg);
            }
        }
        Matcher matcher = FORMAT_FIELD.matcher(s.replace("{{", "\u0000").replace("}}", "\u0001"));
        StringBuilder out = new StringBuilder();
        int next = 0;
        while (matcher.find()) {
            String field = matcher.group(1);
            int colon = field.indexOf(':');
            if (colon >= 0) {
                field = field.substring(0, colon);
            }
            Object value;
            if (field.isEmpty()) {
                value = next < positional.size() ? positional.get(next++) : "";
            } else if (field.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(field);
                value = index < positional.size() ? positional.get(index) : "";
            } else {
                value = named.get(field);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(str(value)));
        }
        matcher.appendTail(out);
        return out.toString().replace('\u0000', '{').replace('\u0001', '}');
    }

    private static String join(String separator, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> iterable) {
            for (Iterator<?> it = iterable.iterator(); it.hasNext(); ) {
                parts.add(str(it.next()));
            }
        } else if (items instanceof Object[] array) {
            for (Object item : array) {
                parts.add(str(item));
            }
        } else {
            parts.add(str(items));
        }
        return String.join(separator, parts);
    }

    private static int count(String s, String part) {
        if (part.isEmpty()) {
            return s.length() + 1;
        }
        int count = 0;
        for (int index = s.indexOf(part); index >= 0; index = s.indexOf(part, index + part.length())) {
            count++;
        }
        return count;
    }

    private static String zfill(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        boolean sign = s.startsWith("-") || s.startsWith("+");
        String digits = sign ? s.substring(1) : s;
        return (sign ? s.substring(0, 1) : "") + "0".repeat(width - s.length()) + digits;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
