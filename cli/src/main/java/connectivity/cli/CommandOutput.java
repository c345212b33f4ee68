package connectivity.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's standard output as a PrintStream, for the parts of a command that print to a stream: it goes
 * through picocli's writer ({@code spec.commandLine().getOut()}), so a test that sets that writer sees it all.
 */
public final class CommandOutput {
    private CommandOutput() {}

    public static PrintStream of(CommandSpec spec) {
        return over(spec.commandLine().getOut());
    }

    public static PrintStream over(PrintWriter writer) {
        return new PrintStream(new WriterOutputStream(writer), true, StandardCharsets.UTF_8);
    }

    /** Decodes whole lines (or whatever is there at a flush) so a multi-byte character is never split. */
    private static final class WriterOutputStream extends OutputStream {
        private final PrintWriter writer;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        WriterOutputStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
            if (b == '\n') flush();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    flush();
                    break;
                }
            }
        }

        @Override
        public synchronized void flush() {
            if (pending.size() > 0) writer.print(pending.toString(StandardCharsets.UTF_8));
            writer.flush();
            pending.reset();
        }
    }
}
