package connectivity.net.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportTest {
    @TempDir Path dir;

    @Test
    void anAtomicWriteReplacesTheFileAndLeavesNoTemporaryBehind() throws IOException {
        Path target = dir.resolve("state.json");
        Files.writeString(target, "old");
        AtomicFiles.write(target, "new".getBytes(), AtomicFiles.Access.PRIVATE);
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("keep");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, AtomicFiles.Access.SHARED, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void createIfAbsentNeverReplaces() throws IOException {
        Path target = dir.resolve("name");
        assertThat(AtomicFiles.createIfAbsent(target, "first".getBytes(), AtomicFiles.Access.PRIVATE)).isTrue();
        assertThat(AtomicFiles.createIfAbsent(target, "second".getBytes(), AtomicFiles.Access.PRIVATE)).isFalse();
        assertThat(Files.readString(target)).isEqualTo("first");
    }

    @Test
    void byteSizesReadOneGrammar() {
        assertThat(ByteSizes.parse("1048576")).isEqualTo(1 << 20);
        assertThat(ByteSizes.parse("256K")).isEqualTo(256 << 10);
        assertThat(ByteSizes.parse("4m")).isEqualTo(4 << 20);
        assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSizes.parse("1TB")).isEqualTo(1L << 40);
        assertThatThrownBy(() -> ByteSizes.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSizes.parse("K")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSizes.parse("99999999999999G")).hasMessageContaining("too large");
        assertThat(ByteSizes.human(1536)).isEqualTo("1.50 KiB");
        assertThat(ByteSizes.human(512)).isEqualTo("512 B");
    }

    @Test
    void durationsReadAsWords() {
        assertThat(Durations.words(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Durations.words(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(Durations.words(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Durations.words(Duration.ofMinutes(3))).isEqualTo("3 min");
        assertThat(Durations.words(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(Durations.words(Duration.ofHours(2))).isEqualTo("2 h");
    }

    @Test
    void anInterruptionKeepsTheFlag() {
        InterruptedIOException e = Interrupted.io(new InterruptedException());
        assertThat(Thread.interrupted()).isTrue();
        assertThat(e).hasMessage("interrupted");
    }
}
