package connectivity.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusLineTest {
    /** Found by MessageHeadFuzzTest: a code of 600 to 999 escaped parse as an IllegalArgumentException. */
    @Test
    void codeAbove599IsAMalformedStatusLine() {
        assertThatThrownBy(() -> StatusLine.parse("HTTP/1.1 800 OK"))
                .isInstanceOf(HttpParseException.class)
                .satisfies(e -> assertThat(((HttpParseException) e).status()).isEqualTo(502));
    }

    @Test
    void codesFrom100To599Parse() throws HttpParseException {
        assertThat(StatusLine.parse("HTTP/1.1 599 Odd").code()).isEqualTo(599);
        assertThat(StatusLine.parse("HTTP/1.1 100").code()).isEqualTo(100);
    }
}
