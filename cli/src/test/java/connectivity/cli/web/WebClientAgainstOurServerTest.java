package connectivity.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import connectivity.http.documents.DocumentHandler;
import connectivity.http.server.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** conn web put / get -o / head / delete against our own document server, in one process. */
@Timeout(30)
class WebClientAgainstOurServerTest {
    @TempDir
    Path served;

    @TempDir
    Path local;

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.builder().bind("127.0.0.1").port(0).route("/", new DocumentHandler(served, false)).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void putGetHeadDeleteRoundTrip() throws Exception {
        byte[] data = new byte[1_500_000];
        new Random(3).nextBytes(data);
        Path source = local.resolve("source.bin");
        Files.write(source, data);

        CliRun put = CliRun.of("web", "put", url("/copy.bin"), source.toString());
        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(put.stdout()).startsWith("HTTP/1.1 2");
        assertThat(Files.readAllBytes(served.resolve("copy.bin"))).isEqualTo(data);

        Path back = local.resolve("back.bin");
        CliRun get = CliRun.of("web", "get", url("/copy.bin"), "-o", back.toString());
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(data);

        CliRun head = CliRun.of("web", "head", url("/copy.bin"));
        assertThat(head.exitCode()).isZero();
        assertThat(head.stdout()).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 1500000").contains("ETag: ");

        CliRun delete = CliRun.of("web", "delete", url("/copy.bin"));
        assertThat(delete.exitCode()).isZero();
        assertThat(delete.stdout()).startsWith("HTTP/1.1 204");
        assertThat(served.resolve("copy.bin")).doesNotExist();

        CliRun gone = CliRun.of("web", "get", url("/copy.bin"));
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).startsWith("conn: HTTP/1.1 404");
    }

    @Test
    void getResumesAPartialFileAgainstOurServer() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(4).nextBytes(data);
        Files.write(served.resolve("r.bin"), data);
        Path target = local.resolve("r.bin");
        // What an interrupted run leaves: part of the bytes, and the validators of what they came from.
        CliRun head = CliRun.of("web", "head", url("/r.bin"));
        String etag = head.stdout().lines().filter(l -> l.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
        Files.write(local.resolve("r.bin.part"), java.util.Arrays.copyOf(data, 123_456));
        Files.writeString(local.resolve("r.bin.part.meta"), "url=" + url("/r.bin").replace(":", "\\:") + "\netag=" + etag + "\n");

        CliRun get = CliRun.of("web", "get", url("/r.bin"), "-o", target.toString());
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(get.stderr()).contains("resumed").contains("123456");
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
        assertThat(local.resolve("r.bin.part")).doesNotExist();
    }
}
