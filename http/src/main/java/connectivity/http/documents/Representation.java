package connectivity.http.documents;

import connectivity.http.Headers;
import connectivity.http.server.Response;
import java.io.IOException;
import java.time.Instant;

/**
 * One file as GET serves it: its validators and response fields, known from a stat, and its bytes
 * once opened. {@link ConditionalGet} answers every GET and HEAD of a file from this, whether the
 * bytes sit in the {@link SmallFileCache} or on disk.
 */
sealed interface Representation permits SmallFileCache.Entry, DiskFile {
    String etag();

    /** Last-Modified as sent (and as If-Range compares it). */
    String lastModified();

    Instant modified();

    /** The fields of a 200: Content-Type, Last-Modified, ETag, Accept-Ranges. */
    Headers okHeaders();

    /** The bytes, for this request. May fail as opening the file fails (gone, not readable). */
    Content open() throws IOException;

    /** Opened bytes: give one slice of them to a response, or discard them. */
    interface Content {
        long size();

        /** A body of these bytes; it owns what the content held (the response closes it). */
        Response.Body slice(long first, long length);

        /** Writes these bytes to {@code out} (the parts of a multipart/byteranges body). */
        void copy(long first, long length, java.io.OutputStream out) throws IOException;

        /** Releases what the content holds, when no slice is sent. */
        void discard() throws IOException;
    }

    static Headers okHeaders(String contentType, String lastModified, String etag) {
        return Headers.builder()
                .add("Content-Type", contentType)
                .add("Last-Modified", lastModified)
                .add("ETag", etag)
                .add("Accept-Ranges", "bytes")
                .build();
    }
}
