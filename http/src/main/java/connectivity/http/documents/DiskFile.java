package connectivity.http.documents;

import connectivity.http.Headers;
import connectivity.http.HttpDates;
import connectivity.http.server.Response;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/** A file served from disk: opened per request, its bytes sent as a region of the channel. */
record DiskFile(Path path, String etag, String lastModified, Instant modified, Headers okHeaders) implements Representation {
    static DiskFile of(Path path, BasicFileAttributes attrs) {
        String etag = Preconditions.etag(attrs);
        Instant modified = attrs.lastModifiedTime().toInstant();
        String lastModified = HttpDates.format(modified);
        return new DiskFile(path, etag, lastModified, modified,
                Representation.okHeaders(MediaTypes.forFileName(path.getFileName().toString()), lastModified, etag));
    }

    @Override
    public Content open() throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        long size;
        try {
            size = channel.size();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new Content() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public Response.Body slice(long first, long length) {
                return new Response.FileRegion(channel, first, length);
            }

            @Override
            public void copy(long first, long length, java.io.OutputStream out) throws IOException {
                new Response.FileRegion(channel, first, length).copyTo(out);
            }

            @Override
            public void discard() throws IOException {
                channel.close();
            }
        };
    }
}
