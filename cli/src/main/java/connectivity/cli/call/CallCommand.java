package connectivity.cli.call;

import connectivity.call.client.Call;
import connectivity.call.client.CallClient;
import connectivity.call.client.IncomingCall;
import connectivity.cli.CommandOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "call", mixinStandardHelpOptions = true,
        subcommands = {DialCommand.class, AnswerCommand.class},
        description = {"Calls people by name: log in, then chat, send files and stream voice, end to end encrypted.",
            "Interactive: typed lines are chat; commands are /call NAME, /accept, /reject, /send FILE, "
                + "/voice FILE.wav, /hangup, /who, /quit. Incoming calls, the path chosen and transfer progress print "
                + "as they happen. For scripts use `conn call dial` and `conn call answer`."})
public final class CallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CallOptions client;

    private final AtomicReference<Call> current = new AtomicReference<>();
    private final AtomicReference<IncomingCall> ringing = new AtomicReference<>();
    private final AtomicReference<String> dialing = new AtomicReference<>(); // whom /call is ringing

    @Override
    public Integer call() throws Exception {
        Printer printer = new Printer(CommandOutput.of(spec));
        printer.onIncoming = c -> {
            ringing.set(c);
            printer.say("incoming call from " + c.from() + " (/accept or /reject)");
        };
        PrinterWithCall tracking = new PrinterWithCall(printer);
        try (CallClient cc = client.start(tracking)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty()) continue;
                try {
                    if (!command(cc, printer, line)) break;
                } catch (IOException e) {
                    printer.say("error: " + e.getMessage());
                }
            }
            Call c = current.get();
            if (c != null) c.hangup();
        }
        return 0;
    }

    /** Handles one typed line; false means quit. */
    private boolean command(CallClient cc, Printer p, String line) throws IOException {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].trim() : "";
        Call call = current.get();
        if (call != null && call.isEnded()) {
            current.compareAndSet(call, null);
            call = null;
        }
        switch (line.startsWith("/") ? parts[0] : "") {
            case "/quit" -> {
                return false;
            }
            case "/who" -> p.say("online: " + String.join(", ", cc.who()));
            case "/call" -> {
                String calling = dialing.get();
                if (arg.isEmpty()) p.say("usage: /call NAME");
                else if (call != null) p.say("already in a call with " + call.peer() + " (/hangup first)");
                else if (calling != null || !dialing.compareAndSet(null, arg)) {
                    p.say("already calling " + (calling != null ? calling : dialing.get()) + " (/hangup to give up)");
                } else Thread.ofVirtual().start(() -> {
                    try {
                        current.set(cc.dial(arg));
                    } catch (IOException e) {
                        p.say("call failed: " + e.getMessage());
                    } finally {
                        dialing.set(null);
                    }
                });
            }
            case "/accept", "/reject" -> {
                IncomingCall r = ringing.getAndSet(null);
                if (r == null) p.say("no call is ringing");
                else if (parts[0].equals("/accept")) r.accept();
                else r.reject();
            }
            case "/hangup" -> {
                if (call != null) call.hangup();
                else if (!cc.cancelDialing()) p.say("not in a call");
            }
            case "/send", "/voice" -> {
                boolean voice = parts[0].equals("/voice");
                String problem = arg.isEmpty() ? "usage: " + parts[0] + (voice ? " FILE.wav" : " FILE")
                        : voice ? Inputs.notVoice(Path.of(arg)) : Inputs.unreadable(Path.of(arg));
                if (call == null) {
                    p.say("not in a call");
                } else if (problem != null) {
                    p.say(problem);
                } else {
                    Call c = call;
                    Thread.ofVirtual().start(() -> {
                        try {
                            if (voice) c.sendVoice(Path.of(arg));
                            else c.sendFile(Path.of(arg));
                        } catch (IOException e) {
                            p.say("sending " + arg + " stopped: " + (c.isEnded() ? "the call ended" : e.getMessage()));
                        }
                    });
                }
            }
            case "" -> {
                if (call == null) p.say("not in a call (/call NAME, /who, /quit)");
                else call.chat(line);
            }
            default -> p.say("unknown command " + parts[0] + " (/call /accept /reject /send /voice /hangup /who /quit)");
        }
        return true;
    }

    /** Remembers the current call when one connects (incoming calls arrive on other threads). */
    private final class PrinterWithCall extends Printer {
        private final Printer inner;

        PrinterWithCall(Printer inner) {
            super(CommandOutput.of(spec));
            this.inner = inner;
            this.onIncoming = inner.onIncoming;
        }

        @Override
        public void connected(Call call) {
            current.set(call);
            ringing.updateAndGet(r -> r != null && r.id().equals(call.id()) ? null : r);
            inner.connected(call);
        }

        @Override
        public void cancelled(String callId, String reason) {
            ringing.updateAndGet(r -> r != null && r.id().equals(callId) ? null : r); // nothing left to answer
            inner.cancelled(callId, reason);
        }

        @Override
        public void callFailed(String callId, String reason) {
            ringing.updateAndGet(r -> r != null && r.id().equals(callId) ? null : r); // nothing left to answer
            inner.callFailed(callId, reason);
        }
    }

}
