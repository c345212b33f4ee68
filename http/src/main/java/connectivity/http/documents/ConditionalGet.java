package connectivity.http.documents;

import connectivity.http.Headers;
import connectivity.http.Status;
import connectivity.http.server.Response;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * GET and HEAD of one file, written once for every representation: 304 when a validator matches,
 * else the bytes, whole (200), one range of them (206, honouring If-Range) or none (416). HEAD needs
 * nothing here: the response writer sends the head of the same response without its body.
 */
final class ConditionalGet {
    private ConditionalGet() {}

    static Response answer(Headers request, Representation file) throws IOException {
        if (Preconditions.notModified(request, file.etag(), file.modified())) {
            return new Response(Status.NOT_MODIFIED,
                    Headers.of("ETag", file.etag(), "Last-Modified", file.lastModified()), new Response.Empty());
        }
        Representation.Content content;
        try {
            content = file.open();
        } catch (NoSuchFileException e) {
            return Response.status(Status.NOT_FOUND);
        } catch (AccessDeniedException e) {
            return Response.status(Status.FORBIDDEN);
        }
        try {
            long size = content.size();
            String rangeHeader = request.firstOrNull("Range");
            if (rangeHeader != null && !Preconditions.ifRangeHolds(request, file.etag(), file.lastModified())) rangeHeader = null;
            return switch (ByteRange.parse(rangeHeader, size)) {
                case ByteRange.Whole w -> new Response(Status.OK, file.okHeaders(), content.slice(0, size));
                case ByteRange.Partial p -> {
                    ByteRange r = p.range();
                    Headers h = file.okHeaders().toBuilder()
                            .add("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size)
                            .build();
                    yield new Response(Status.PARTIAL_CONTENT, h, content.slice(r.first(), r.length()));
                }
                case ByteRange.Multipart m -> {
                    MultipartByteranges parts = MultipartByteranges.of(content, m.ranges(), file.okHeaders().firstOrNull("Content-Type"));
                    Headers h = file.okHeaders().toBuilder().set("Content-Type", parts.mediaType()).build();
                    yield new Response(Status.PARTIAL_CONTENT, h, parts.body());
                }
                case ByteRange.Unsatisfiable u -> {
                    content.discard();
                    yield Response.status(Status.RANGE_NOT_SATISFIABLE).withHeader("Content-Range", "bytes */" + size);
                }
            };
        } catch (IOException | RuntimeException e) {
            content.discard();
            throw e;
        }
    }
}
