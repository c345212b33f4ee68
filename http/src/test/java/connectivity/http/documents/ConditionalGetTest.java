package connectivity.http.documents;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.Headers;
import connectivity.http.server.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one GET path over both representations, cached bytes and a file on disk; no server. */
@Timeout(10)
class ConditionalGetTest {
    @TempDir
    Path dir;

    private Representation cached(Path file) throws IOException {
        return new SmallFileCache(64 * 1024, 1 << 20).get(file, Files.readAttributes(file, BasicFileAttributes.class));
    }

    private Representation onDisk(Path file) throws IOException {
        return DiskFile.of(file, Files.readAttributes(file, BasicFileAttributes.class));
    }

    private static byte[] bodyBytes(Response r) throws IOException {
        return switch (r.body()) {
            case Response.Bytes b -> b.data();
            case Response.FileRegion f -> {
                try (var channel = f.channel()) {
                    var buffer = java.nio.ByteBuffer.allocate((int) f.length());
                    while (buffer.hasRemaining()) channel.read(buffer, f.offset() + buffer.position());
                    yield buffer.array();
                }
            }
            case Response.Streamed st -> {
                var out = new java.io.ByteArrayOutputStream();
                st.writer().writeTo(out);
                Response.release(st);
                assertThat((long) out.size()).isEqualTo(st.length());
                yield out.toByteArray();
            }
            default -> new byte[0];
        };
    }

    private void bothAnswerAlike(Headers request, int status, String body) throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "0123456789");
        for (Representation rep : new Representation[] {cached(file), onDisk(file)}) {
            Response r = ConditionalGet.answer(request, rep);
            assertThat(r.status()).as(rep.getClass().getSimpleName()).isEqualTo(status);
            assertThat(new String(bodyBytes(r), StandardCharsets.US_ASCII)).as(rep.getClass().getSimpleName()).isEqualTo(body);
            if (status == 416) assertThat(r.headers().firstOrNull("Content-Range")).isEqualTo("bytes */10");
            if (status == 200 || status == 206) {
                assertThat(r.headers().firstOrNull("ETag")).isEqualTo(rep.etag());
                assertThat(r.headers().firstOrNull("Content-Type")).startsWith("text/plain");
            }
        }
    }

    @Test
    void wholeFile() throws IOException {
        bothAnswerAlike(Headers.EMPTY, 200, "0123456789");
    }

    @Test
    void oneRange() throws IOException {
        bothAnswerAlike(Headers.of("Range", "bytes=2-4"), 206, "234");
        bothAnswerAlike(Headers.of("Range", "bytes=-3"), 206, "789");
    }

    @Test
    void severalRangesAreMultipartByteranges() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "0123456789");
        for (Representation rep : new Representation[] {cached(file), onDisk(file)}) {
            Response r = ConditionalGet.answer(Headers.of("Range", "bytes=-2,1-3"), rep);
            assertThat(r.status()).isEqualTo(206);
            String type = r.headers().firstOrNull("Content-Type");
            String boundary = type.substring("multipart/byteranges; boundary=".length());
            assertThat(new String(bodyBytes(r), StandardCharsets.US_ASCII)).isEqualTo(
                    "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 8-9/10\r\n\r\n89"
                    + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 1-3/10\r\n\r\n123"
                    + "\r\n--" + boundary + "--\r\n");
        }
        assertThat(ByteRange.parse("bytes=0-1,x-2", 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.parse("bytes=20-,30-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-4,5-9", 10)).isEqualTo(new ByteRange.Multipart(
                java.util.List.of(new ByteRange(0, 4), new ByteRange(5, 9))));
        assertThat(ByteRange.parse("bytes=0-5,5-9", 10)).isInstanceOf(ByteRange.Whole.class); // 11 bytes of 10
    }

    @Test
    void rangePastTheEndIs416() throws IOException {
        bothAnswerAlike(Headers.of("Range", "bytes=10-"), 416, "416 Range Not Satisfiable\n");
    }

    @Test
    void ifRangeWithAnotherTagSendsTheWholeFile() throws IOException {
        bothAnswerAlike(Headers.of("Range", "bytes=2-4", "If-Range", "\"other\""), 200, "0123456789");
    }

    @Test
    void matchingTagIs304WithTheValidators() throws IOException {
        Path file = Files.writeString(dir.resolve("b.txt"), "x");
        Representation rep = onDisk(file);
        Response r = ConditionalGet.answer(Headers.of("If-None-Match", rep.etag()), rep);
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.headers().firstOrNull("ETag")).isEqualTo(rep.etag());
        assertThat(r.headers().firstOrNull("Last-Modified")).isEqualTo(rep.lastModified());
    }

    @Test
    void aFileGoneBeforeItOpensIs404() throws IOException {
        Path file = Files.writeString(dir.resolve("c.txt"), "x");
        Representation rep = onDisk(file);
        Files.delete(file);
        assertThat(ConditionalGet.answer(Headers.EMPTY, rep).status()).isEqualTo(404);
    }

    @Test
    void theCacheKeepsAnUnchangedFileAndRereadsAChangedOne() throws IOException {
        SmallFileCache cache = new SmallFileCache(16, 1 << 20);
        Path file = Files.writeString(dir.resolve("d.txt"), "first");
        var first = cache.get(file, Files.readAttributes(file, BasicFileAttributes.class));
        assertThat(cache.get(file, Files.readAttributes(file, BasicFileAttributes.class))).isSameAs(first);
        Files.writeString(file, "second, longer");
        var second = cache.get(file, Files.readAttributes(file, BasicFileAttributes.class));
        assertThat(second).isNotSameAs(first);
        assertThat(new String(second.content(), StandardCharsets.US_ASCII)).isEqualTo("second, longer");
        Files.writeString(file, "far too long for this cache");
        assertThat(cache.get(file, Files.readAttributes(file, BasicFileAttributes.class))).isNull();
    }
}
