package connectivity.http.h2;

import connectivity.http.HttpDates;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The response fields every answer carries, made once instead of per response: each {@code :status},
 * Server, Date (one per second), and the lower-case names of the fields handlers set most. The HPACK
 * encoder still finds them in its tables as before; only the garbage is gone.
 */
final class CommonFields {
    /** What our responses carry as Server. */
    static final HeaderField SERVER = new HeaderField("server", "conn");
    private static final HeaderField[] STATUS = new HeaderField[1000];
    private static final Map<String, String> LOWER = new HashMap<>();
    private static volatile HeaderField date = new HeaderField("date", "");

    static {
        for (int code = 100; code < STATUS.length; code++) STATUS[code] = new HeaderField(":status", Integer.toString(code));
        for (String name : List.of("Accept-Ranges", "Age", "Allow", "Cache-Control", "Content-Disposition", "Content-Encoding",
                "Content-Language", "Content-Length", "Content-Location", "Content-Range", "Content-Type", "Date", "ETag", "Expires",
                "Last-Modified", "Link", "Location", "Retry-After", "Server", "Set-Cookie", "Strict-Transport-Security", "Vary",
                "WWW-Authenticate")) {
            LOWER.put(name, name.toLowerCase(Locale.ROOT));
        }
    }

    private CommonFields() {}

    static HeaderField status(int code) {
        return code >= 100 && code < STATUS.length ? STATUS[code] : new HeaderField(":status", Integer.toString(code));
    }

    /** Date for now. */
    static HeaderField date() {
        String now = HttpDates.now();
        HeaderField d = date;
        if (!d.value().equals(now)) {
            d = new HeaderField("date", now);
            date = d;
        }
        return d;
    }

    /** A field name in lower case, as HTTP/2 wants it. */
    static String lowerCase(String name) {
        String lower = LOWER.get(name);
        return lower != null ? lower : name.toLowerCase(Locale.ROOT);
    }
}
