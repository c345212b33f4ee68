package connectivity.net.support;

import java.util.Locale;

/** Byte counts as people type and read them: "1048576", "256K", "4M", "2G", "1MiB"; powers of 1024. */
public final class ByteSizes {
    private ByteSizes() {}

    /** Parses a byte count; throws IllegalArgumentException with a message fit for a user. */
    public static long parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("B")) s = s.substring(0, s.length() - 1);
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = 0;
            }
            if (shift != 0) s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a byte count: " + (text.isBlank() ? "'" + text + "'" : text.strip())
                    + " (e.g. 1048576, 256K, 10M, 2G)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), 1L << shift);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("byte count too large: " + text.strip());
        }
    }

    /** "512 B", "1 KiB", "1.50 MiB". */
    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String number = v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
        return number + " " + units[u];
    }
}
