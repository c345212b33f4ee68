package connectivity.http.client;

import connectivity.net.support.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Downloads a URL into a file atomically and resumably. Bytes go to {@code FILE.part}; the validators
 * of the response (ETag, Last-Modified) and its URL go to {@code FILE.part.meta}. Only a complete
 * body is renamed to {@code FILE}. If a {@code .part} is already there, the download asks for the rest
 * with {@code Range: bytes=N-} and {@code If-Range}: a 206 whose Content-Range starts at N is appended;
 * a 200 (the resource changed, or the server ignores ranges) starts over.
 */
public final class FileDownload {
    /** Told about progress as the body arrives; all calls come from the downloading thread. */
    public interface Progress {
        /** The body starts; {@code alreadyHave} bytes come from an earlier run, {@code total} is -1 if unknown. */
        void started(long alreadyHave, long total);

        /** {@code have} bytes of the file are on disk now (including resumed ones). */
        void advanced(long have);

        /** The body ended (whether or not it was complete). */
        void finished();

        Progress NONE = new Progress() {
            @Override
            public void started(long alreadyHave, long total) {}

            @Override
            public void advanced(long have) {}

            @Override
            public void finished() {}
        };
    }

    /**
     * How it went. When {@code status} is not a success nothing was written and {@code statusLine}
     * says why; {@code resumedFrom} is how many bytes were kept from an earlier run.
     */
    public record Result(int status, String statusLine, long bytes, long resumedFrom, Path file) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;

    public FileDownload(HttpClient client) {
        this.client = client;
    }

    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    public static Path metaFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part.meta");
    }

    public Result download(URI uri, Path target, Progress progress) throws IOException {
        Path part = partFile(target);
        Path meta = metaFile(target);
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        // Only a .part whose origin and version we recorded is worth continuing: If-Range makes the
        // server send the whole new body instead if the resource has changed since.
        Optional<String> ifRange = have == 0 ? Optional.empty() : Validators.load(meta)
                .filter(v -> v.url().equals(uri.toString()))
                .flatMap(Validators::ifRange);
        HttpRequest request = HttpRequest.get(uri);
        if (ifRange.isPresent()) {
            request = request.withHeader("Range", "bytes=" + have + "-").withHeader("If-Range", ifRange.get());
        } else {
            have = 0;
        }
        try (StreamingResponse response = client.sendStreaming(request)) {
            int status = response.status();
            if (status == 416 && have > 0) {
                Optional<Long> complete = ContentRange.unsatisfiedLength(response.headers().firstOrNull("Content-Range"));
                if (complete.isPresent() && complete.get() == have) {
                    // The earlier run got every byte and stopped before the rename.
                    finish(part, meta, target);
                    return new Result(200, response.statusLine(), have, have, target);
                }
                return startOver(uri, target, progress); // the resource is shorter now: what we have is stale
            }
            if (status == 206 && have > 0) {
                ContentRange range = ContentRange.parse(response.headers().firstOrNull("Content-Range"))
                        .orElseThrow(() -> new BadResponseException("206 with a missing or invalid Content-Range"));
                if (range.first() != have) {
                    throw new BadResponseException("206 for bytes " + range.first() + "- when " + have + "- was asked");
                }
                return receive(response, part, meta, target, have, range.complete(), progress, true);
            }
            if (!response.isSuccess() || status == 206) {
                // 206 to a request without Range is nonsense; anything non-2xx leaves the .part alone.
                if (status == 206) throw new BadResponseException("206 to a request without Range");
                return new Result(status, response.statusLine(), 0, 0, target);
            }
            Validators.from(uri, response).save(meta);
            return receive(response, part, meta, target, 0, response.contentLength(), progress, false);
        }
    }

    private Result startOver(URI uri, Path target, Progress progress) throws IOException {
        Files.deleteIfExists(partFile(target));
        Files.deleteIfExists(metaFile(target));
        return download(uri, target, progress);
    }

    private static Result receive(StreamingResponse response, Path part, Path meta, Path target, long have,
            long total, Progress progress, boolean append) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        progress.started(have, total);
        long written = have;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            InputStream body = response.body();
            byte[] buffer = new byte[64 * 1024];
            int n;
            // Each chunk is written before the next read, so an interrupted run keeps all it received.
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                written += n;
                progress.advanced(written);
            }
        } finally {
            progress.finished();
        }
        if (total >= 0 && written != total) {
            throw new BadResponseException("body has " + written + " bytes, expected " + total);
        }
        finish(part, meta, target);
        return new Result(response.status(), response.statusLine(), written, have, target);
    }

    private static void finish(Path part, Path meta, Path target) throws IOException {
        AtomicFiles.replace(part, target);
        Files.deleteIfExists(meta);
    }

    /** What identifies the representation a .part holds: its URL and validators. */
    record Validators(String url, String etag, String lastModified) {
        static Validators from(URI uri, StreamingResponse r) {
            return new Validators(uri.toString(), r.headers().firstOrNull("ETag"), r.headers().firstOrNull("Last-Modified"));
        }

        /** If-Range needs a strong ETag (RFC 9110 section 13.1.5); else the date. */
        Optional<String> ifRange() {
            if (etag != null && !etag.startsWith("W/")) return Optional.of(etag);
            return Optional.ofNullable(lastModified);
        }

        void save(Path meta) throws IOException {
            Properties p = new Properties();
            p.setProperty("url", url);
            if (etag != null) p.setProperty("etag", etag);
            if (lastModified != null) p.setProperty("last-modified", lastModified);
            Files.createDirectories(meta.toAbsolutePath().getParent());
            AtomicFiles.write(meta, AtomicFiles.Access.SHARED, out ->
                    p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                            "conn: partial download; resumes with Range when run again"));
        }

        static Optional<Validators> load(Path meta) {
            if (!Files.isRegularFile(meta)) return Optional.empty();
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
            String url = p.getProperty("url");
            if (url == null) return Optional.empty();
            return Optional.of(new Validators(url, p.getProperty("etag"), p.getProperty("last-modified")));
        }
    }
}
