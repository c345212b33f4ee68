package connectivity.torrent.daemon.rpc;

import connectivity.http.client.HttpClient;
import connectivity.http.client.HttpRequest;
import connectivity.http.client.HttpResponse;
import connectivity.torrent.meta.Metainfo;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The bytes of a .torrent that {@code torrent-add} names by {@code filename}: an http(s) URL fetched with our
 * client (bounded in size and time). A path on the daemon's host is refused unless the daemon was told it may read
 * them (transmission-daemon reads any file its user can; over the network that lets a caller probe the disk).
 */
public final class TorrentAdder {
    private final boolean localFiles;

    public TorrentAdder(boolean localFiles) {
        this.localFiles = localFiles;
    }

    byte[] fetch(String filename) throws IOException, RpcException {
        if (filename.regionMatches(true, 0, "http://", 0, 7) || filename.regionMatches(true, 0, "https://", 0, 8)) {
            URI uri;
            try {
                uri = URI.create(filename);
            } catch (IllegalArgumentException e) {
                throw new RpcException("invalid or corrupt torrent file");
            }
            try (HttpClient client = HttpClient.builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30))
                    .maxBodyBytes(Metainfo.MAX_FILE_SIZE).build()) {
                HttpResponse r = client.send(HttpRequest.get(uri));
                if (r.status() / 100 != 2) throw new RpcException("http error " + r.status() + ": " + filename);
                return r.body();
            }
        }
        if (!localFiles) throw new RpcException("invalid or corrupt torrent file");
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(filename))) {
            return in.readNBytes((int) Metainfo.MAX_FILE_SIZE + 1);
        } catch (IOException e) {
            throw new RpcException("invalid or corrupt torrent file");
        }
    }
}
