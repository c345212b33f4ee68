package connectivity.torrent.tracker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Literal IP addresses in text a peer or a tracker sent (a tracker's dictionary peers, an announce's {@code ip}): read
 * without ever asking a resolver, so a hostile party cannot make us look names up, and without the forms
 * {@code InetAddress} also takes ({@code 127.1}, {@code 2130706433}, octets with leading zeros, {@code %scope}) whose
 * meaning differs between programs.
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    /** Hex groups and colons, perhaps an IPv4 tail; the longest form is 45 characters. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {}

    /** The address {@code text} spells as a dotted quad or an IPv6 literal (no brackets, no zone), else empty. */
    public static Optional<InetAddress> parse(String text) {
        if (IPV4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int o = Integer.parseInt(parts[i]);
                if (o > 255) return Optional.empty();
                b[i] = (byte) o;
            }
            return byAddress(b);
        }
        if (!text.contains(":") || !IPV6.matcher(text).matches()) return Optional.empty();
        try {
            // In brackets InetAddress takes only a literal: what does not parse fails here instead of going to a resolver.
            return Optional.of(InetAddress.getByName("[" + text + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] b) {
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty(); // not reached: four bytes are always an address
        }
    }
}
