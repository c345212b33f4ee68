package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved file choices against state files written before they existed, and against broken ones. */
class DaemonStateChoicesTest {
    @TempDir
    Path tmp;

    private static String torrent(String extra) {
        return "{\"id\":1,\"infoHash\":\"" + "ab".repeat(20) + "\",\"magnet\":null,\"name\":\"x\",\"downloadDir\":\"/d\",\"paused\":false,"
                + "\"added\":1,\"done\":0,\"downloadLimit\":0,\"uploadLimit\":0,\"downloadedEver\":0,\"uploadedEver\":0,\"pieces\":\"\","
                + "\"files\":[],\"secondsDownloading\":0,\"secondsSeeding\":0,\"corruptEver\":0,\"activity\":0" + extra + "}";
    }

    private DaemonState load(String... torrents) throws Exception {
        String json = "{\"version\":1,\"savedAt\":5,\"nextId\":2,\"settings\":{},\"totals\":{},\"torrents\":[" + String.join(",", torrents) + "]}";
        Files.writeString(tmp.resolve(DaemonState.FILE), json, StandardCharsets.UTF_8);
        return DaemonState.load(tmp);
    }

    @Test
    void aStateFromBeforeFileChoicesLoadsWithEveryFileWanted() throws Exception {
        DaemonState s = load(torrent(""));
        assertThat(s.torrents()).hasSize(1);
        assertThat(s.torrents().get(0).choices()).as("no choice saved: every file, normal").isNull();
    }

    @Test
    void brokenChoicesAreDroppedOrClampedNeverAFailedLoad() throws Exception {
        DaemonState s = load(torrent(",\"filesWanted\":[1,0],\"filePriorities\":[0]"), torrent(",\"filesWanted\":\"all\",\"filePriorities\":[]"),
                torrent(",\"filesWanted\":[0,\"x\"],\"filePriorities\":[9,-9]"));
        assertThat(s.torrents().get(0).choices()).as("lengths differ").isNull();
        assertThat(s.torrents().get(1).choices()).as("not a list").isNull();
        assertThat(s.torrents().get(2).choices().wanted()).containsExactly(false, true);
        assertThat(s.torrents().get(2).choices().priorities()).containsExactly(1, -1);
    }
}
