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
