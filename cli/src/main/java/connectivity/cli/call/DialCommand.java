package connectivity.cli.call;

import connectivity.call.client.Call;
import connectivity.call.client.CallClient;
import connectivity.call.client.Delivery;
import connectivity.cli.CliFailure;
import connectivity.cli.CommandOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dial", mixinStandardHelpOptions = true,
        description = {"Calls NAME, sends what you give it and hangs up.",
            "Exits 0 only when the callee confirmed that everything arrived intact; files are checked before dialing."})
public final class DialCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Who to call.")
    String peer;

    @Mixin
    CallOptions client;

    @Option(names = "--message", paramLabel = "TEXT", description = "A chat line to send.")
    String message;

    @Option(names = "--send", paramLabel = "FILE", description = "A file to send (SHA-256 checked on arrival).")
    Path file;

    @Option(names = "--voice", paramLabel = "FILE.wav", description = "A PCM WAV to stream as voice in 20 ms frames.")
    Path voice;

    @Override
    public Integer call() {
        String problem = file != null ? Inputs.unreadable(file) : null;
        if (problem == null && voice != null) problem = Inputs.notVoice(voice);
        if (problem != null) throw new CliFailure(CliFailure.BAD_INPUT, problem);
        Printer printer = new Printer(CommandOutput.of(spec));
        try (CallClient cc = client.start(printer)) {
            Call call;
            try {
                call = cc.dial(peer);
            } catch (IOException e) {
                throw new CliFailure(CliFailure.FAILED, "call failed: " + e.getMessage());
            }
            try {
                if (message != null) confirm(call, "message", call.chat(message));
                if (file != null) confirm(call, "file " + file.getFileName(), call.sendFile(file));
                if (voice != null) confirm(call, "voice " + voice.getFileName(), call.sendVoice(voice));
            } catch (IOException e) {
                throw new CliFailure(CliFailure.FAILED, call.isEnded() ? "call ended: " + call.endReason() : e.getMessage());
            }
            call.hangup();
            printer.say("all delivered intact");
        }
        return 0;
    }

    private static void confirm(Call call, String what, CompletableFuture<Delivery> f) {
        try {
            Delivery d = f.get(10, TimeUnit.MINUTES);
            if (!d.ok()) throw new CliFailure(CliFailure.FAILED, what + " did not arrive intact: " + d.detail());
        } catch (ExecutionException e) {
            throw new CliFailure(CliFailure.FAILED, "call ended: " + (call.endReason() != null ? call.endReason() : e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw new CliFailure(CliFailure.FAILED, what + ": no confirmation from the callee");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILED, "interrupted");
        }
    }
}
