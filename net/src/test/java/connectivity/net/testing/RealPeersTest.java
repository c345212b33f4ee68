package connectivity.net.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RealPeersTest {
    @TempDir
    Path bin;

    private Path installFake(String name) throws Exception {
        Path p = Files.writeString(bin.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void aMissingPeerFailsUnderCi() {
        Map<String, String> ci = Map.of("CI", "true", "PATH", bin.toString());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> RealPeers.require("curl", ci));
        assertThat(e.getMessage()).startsWith("curl is not installed").contains("CI=true");
    }

    @Test
    void aMissingPeerSkipsOutsideCi() {
        Map<String, String> local = Map.of("PATH", bin.toString());
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> RealPeers.require("curl", local));
        assertThat(e.getMessage()).isEqualTo("curl is not installed");
        Map<String, String> notCi = Map.of("CI", "false", "PATH", bin.toString());
        assertThrows(TestAbortedException.class, () -> RealPeers.require("curl", notCi));
    }

    @Test
    void anInstalledPeerIsFoundOnThePathWhateverTheMode() throws Exception {
        Path curl = installFake("curl");
        assertThat(RealPeers.require("curl", Map.of("CI", "true", "PATH", "/nonexistent:" + bin))).isEqualTo(curl);
        assertThat(RealPeers.require("curl", Map.of("PATH", bin.toString()))).isEqualTo(curl);
    }

    @Test
    void theFirstOfSeveralAlternativesIsTaken() throws Exception {
        Path second = installFake("chromium-browser");
        assertThat(RealPeers.requireAny(Map.of("CI", "true", "PATH", bin.toString()), "chromium", "chromium-browser"))
                .isEqualTo(second);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> RealPeers.requireAny(Map.of("CI", "TRUE", "PATH", bin.toString()), "aria2c", "aria2"));
        assertThat(e.getMessage()).startsWith("aria2c or aria2 is not installed");
    }

    @Test
    void aFileThatIsNotExecutableIsNotAPeer() throws Exception {
        Files.writeString(bin.resolve("mktorrent"), "not a program");
        assertThrows(AssertionFailedError.class, () -> RealPeers.require("mktorrent", Map.of("CI", "true", "PATH", bin.toString())));
    }

    @Test
    void conditionsBeyondOneProgramFollowTheSameRule() {
        assertThrows(AssertionFailedError.class, () -> RealPeers.requireThat(false, "NAT lab needs root", Map.of("CI", "true")));
        assertThrows(TestAbortedException.class, () -> RealPeers.requireThat(false, "NAT lab needs root", Map.of()));
        RealPeers.requireThat(true, "never shown", Map.of("CI", "true"));
    }
}
