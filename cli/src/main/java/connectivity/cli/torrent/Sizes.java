package connectivity.cli.torrent;

import java.util.Locale;

/** Human-readable byte counts, and parsing of sizes such as "256K" or "4M". */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v)) + " " + units[u];
    }

    /** Parses a byte count with an optional K, M or G suffix (powers of 1024). */
    public static long parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("B")) s = s.substring(0, s.length() - 1);
        long factor = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> factor = 1L << 10;
                case 'M' -> factor = 1L << 20;
                case 'G' -> factor = 1L << 30;
                default -> factor = 1;
            }
            if (factor != 1) s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 12) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use bytes, or a number with K, M or G)");
        }
        return Math.multiplyExact(Long.parseLong(s), factor);
    }
}
