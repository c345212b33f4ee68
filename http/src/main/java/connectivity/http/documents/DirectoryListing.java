package connectivity.http.documents;

import connectivity.http.Status;
import connectivity.http.server.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** The HTML index of a directory without an index.html: sorted names, each a relative link. */
final class DirectoryListing {
    private DirectoryListing() {}

    static Response of(String requestPath, Path dir, boolean atRoot, Predicate<Path> hidden) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (hidden.test(entry)) continue;
                names.add(Files.isDirectory(entry) ? name + "/" : name);
            }
        } catch (AccessDeniedException e) {
            return Response.status(Status.FORBIDDEN);
        }
        names.sort(String::compareTo);
        String title = "Index of " + escape(requestPath);
        StringBuilder html = new StringBuilder(256 + names.size() * 64);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<ul>\n");
        if (!atRoot) html.append("<li><a href=\"../\">../</a></li>\n");
        for (String name : names) {
            html.append("<li><a href=\"").append(escape(encodeSegment(name))).append("\">")
                    .append(escape(name)).append("</a></li>\n");
        }
        html.append("</ul></body></html>\n");
        return Response.html(Status.OK, html.toString());
    }

    /** Escapes text for HTML content and attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Percent-encodes a file name for a relative link, keeping a trailing slash for directories. */
    static String encodeSegment(String name) {
        boolean dir = name.endsWith("/");
        String bare = dir ? name.substring(0, name.length() - 1) : name;
        StringBuilder sb = new StringBuilder();
        for (byte b : bare.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        // "./" keeps a name with a colon from reading as a URL scheme.
        return (bare.contains(":") ? "./" : "") + sb + (dir ? "/" : "");
    }

}
