package connectivity.cli.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options get and seed share turn into the swarm's configuration as their help says. */
class PeerOptionsTest {
    private static PeerOptions seed(String... extra) {
        TorrentSeed seed = new TorrentSeed();
        String[] args = new String[extra.length + 2];
        args[0] = "x.torrent";
        args[1] = "dir";
        System.arraycopy(extra, 0, args, 2, extra.length);
        new CommandLine(seed).parseArgs(args);
        return seed.net;
    }

    @Test
    void peerExchangeIsOnUnlessNoPexIsGiven() {
        assertThat(seed().config().pex()).isTrue();
        assertThat(seed("--no-pex").config().pex()).isFalse();
    }

    @Test
    void noPexKeepsTheOtherSettings() {
        var config = seed("--no-pex", "--max-peers", "7", "--upload-limit", "1K").config();
        assertThat(config.maxPeers()).isEqualTo(7);
        assertThat(config.uploadLimit()).isEqualTo(1024);
    }

    @Test
    void getTakesNoPexToo() {
        TorrentGet get = new TorrentGet();
        new CommandLine(get).parseArgs("x.torrent", "--no-pex");
        assertThat(get.net.config().pex()).isFalse();
    }

    @Test
    void dhtNodeIdEnforcementIsOffUnlessAsked() {
        assertThat(seed().dht.config().enforceNodeIds()).isFalse();
        assertThat(seed("--dht-enforce-node-ids").dht.config().enforceNodeIds()).isTrue();
        connectivity.cli.dht.DhtCommand dht = new connectivity.cli.dht.DhtCommand();
        new CommandLine(dht).parseArgs("--enforce-node-ids", "--port", "0");
        assertThat(dht.enforcesNodeIds()).isTrue();
    }
}
