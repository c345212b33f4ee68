package connectivity.net.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void namesIpv4AndIpv6LiteralsParse() {
        assertThat(HostPort.parse("example.org:80")).isEqualTo(new HostPort("example.org", 80));
        assertThat(HostPort.parse("127.0.0.1:6881")).isEqualTo(new HostPort("127.0.0.1", 6881));
        assertThat(HostPort.parse("[::1]:6881")).isEqualTo(new HostPort("::1", 6881));
        assertThat(HostPort.parse("::1:6881")).isEqualTo(new HostPort("::1", 6881)); // bare, as InetAddress prints it
        assertThat(HostPort.parse("[::1]:6881").toString()).isEqualTo("[::1]:6881");
        assertThat(HostPort.parse("127.0.0.1:65535").resolve().getPort()).isEqualTo(65535);
        assertThat(HostPort.parse("127.0.0.1:7").resolve().isUnresolved()).isFalse();
        assertThat(HostPort.parse("no-such-host.invalid:7").unresolved().isUnresolved()).isTrue();
    }

    @Test
    void malformedTextIsRefusedWithTheReason() {
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessage("expected HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse(":80")).hasMessage("expected HOST:PORT (no host)");
        assertThatThrownBy(() -> HostPort.parse("h:")).hasMessage("bad port");
        assertThat(HostPort.parse("127.0.0.1:0").port()).isZero(); // to listen on
        assertThatThrownBy(() -> HostPort.parse("h:0").dialable()).hasMessage("bad port (0 cannot be dialled)");
        assertThatThrownBy(() -> HostPort.parse("h:65536")).hasMessage("bad port");
        assertThatThrownBy(() -> HostPort.parse("h:+80")).hasMessage("bad port");
        assertThatThrownBy(() -> HostPort.parse("h:999999")).hasMessage("bad port");
        assertThatThrownBy(() -> HostPort.parse("[::1]6881")).hasMessage("expected [IPv6]:PORT");
        assertThatThrownBy(() -> HostPort.parse("[::1")).hasMessage("expected [IPv6]:PORT");
    }
}
