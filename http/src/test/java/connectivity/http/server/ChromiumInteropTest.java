package connectivity.http.server;

import connectivity.http.documents.DocumentHandler;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.net.testing.RealPeers;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real browser loads a page, its stylesheet and its image from our server. */
@Timeout(120)
class ChromiumInteropTest {
    @TempDir
    Path root;
    @TempDir
    Path profile;

    @Test
    void chromiumLoadsPageImageAndStylesheet() throws Exception {
        loadsPage(null);
    }

    /** The same page over HTTPS: the throwaway certificate is accepted with --ignore-certificate-errors. */
    @Test
    void chromiumLoadsPageOverHttps() throws Exception {
        loadsPage(connectivity.http.tls.ServerTls.of(connectivity.http.tls.Certificates.localhost()));
    }

    private void loadsPage(connectivity.http.tls.ServerTls tls) throws Exception {
        String browser = RealPeers.requireAny("chromium", "chromium-browser").getFileName().toString();
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, Color.ORANGE.getRGB());
        ImageIO.write(image, "png", root.resolve("logo.png").toFile());
        Files.writeString(root.resolve("style.css"), "#box { color: rgb(12, 34, 56); }\n");
        Files.writeString(root.resolve("index.html"), """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>t</title><link rel="stylesheet" href="style.css"></head>
                <body><div id="box">box</div><img id="logo" src="logo.png">
                <script>
                  window.addEventListener('load', function () {
                    var img = document.getElementById('logo');
                    var color = getComputedStyle(document.getElementById('box')).color;
                    var out = document.createElement('pre');
                    out.id = 'result';
                    out.textContent = location.protocol + ' naturalWidth=' + img.naturalWidth + ' naturalHeight=' + img.naturalHeight + ' color=' + color;
                    document.body.appendChild(out);
                  });
                </script></body></html>
                """);
        List<String> log = new CopyOnWriteArrayList<>();
        HttpServer.Builder builder = HttpServer.builder().port(0).accessLog(log::add).route("/", new DocumentHandler(root, true));
        if (tls != null) builder.tls(tls);
        HttpServer server = builder.build().start();
        String scheme = tls == null ? "http" : "https";
        try {
            Processes.Result r = Processes.run(Duration.ofSeconds(90), List.of(browser,
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    // Containers often give /dev/shm only 64 MiB, where Chromium's renderer can crash.
                    "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--ignore-certificate-errors",
                    "--user-data-dir=" + profile, "--virtual-time-budget=5000",
                    "--dump-dom", scheme + "://127.0.0.1:" + server.port() + "/"));
            assertThat(r.stdout()).as("dumped DOM; stderr: " + r.stderr())
                    .contains(scheme + ": naturalWidth=37 naturalHeight=23 color=rgb(12, 34, 56)");
            // Over HTTPS the browser picks h2 by ALPN, so all three come over HTTP/2.
            String version = tls == null ? "HTTP/1.1" : "HTTP/2.0";
            assertThat(log).anyMatch(l -> l.contains("\"GET / " + version + "\" 200"));
            assertThat(log).anyMatch(l -> l.contains("\"GET /style.css " + version + "\" 200"));
            assertThat(log).anyMatch(l -> l.contains("\"GET /logo.png " + version + "\" 200"));
        } finally {
            server.close();
        }
    }

}
