package connectivity.cli.call;

import connectivity.call.client.Call;
import connectivity.call.client.CallClient;
import connectivity.call.client.Delivery;
import connectivity.call.client.IncomingCall;
import connectivity.cli.CliFailure;
import connectivity.cli.CommandOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "answer", mixinStandardHelpOptions = true,
        description = {"Logs in, accepts incoming calls and saves what arrives.",
            "Exits 0 after --calls calls when every one ended with a hang-up and everything in it arrived intact."})
public final class AnswerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CallOptions client;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "1", description = "How many calls to take before exiting (default: ${DEFAULT-VALUE}).")
    int calls;

    /** A finished call: how it ended and what came in. */
    private record Outcome(String peer, String reason, boolean normal, List<Delivery> received) {}

    @Override
    public Integer call() throws InterruptedException {
        if (calls < 1) throw new CliFailure(CliFailure.BAD_INPUT, "--calls must be at least 1");
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        Printer printer = new Printer(CommandOutput.of(spec)) {
            @Override
            public void ended(Call call, String reason, boolean normal) {
                super.ended(call, reason, normal);
                outcomes.add(new Outcome(call.peer(), reason, normal, call.received()));
            }

            @Override
            public void callFailed(String callId, String reason) {
                super.callFailed(callId, reason);
                outcomes.add(new Outcome(null, reason, false, List.of()));
            }

            @Override
            public void cancelled(String callId, String reason) {
                super.cancelled(callId, reason);
                outcomes.add(new Outcome(null, reason, false, List.of())); // the accepted call never came
            }
        };
        printer.onIncoming = (IncomingCall c) -> {
            printer.say("incoming call from " + c.from() + ": accepting");
            try {
                c.accept();
            } catch (IOException e) {
                printer.say("could not accept: " + e.getMessage());
            }
        };
        List<String> problems = new ArrayList<>();
        try (CallClient cc = client.start(printer)) {
            for (int i = 0; i < calls; i++) {
                Outcome o = outcomes.take();
                if (o.peer() == null) problems.add("call failed: " + o.reason());
                else if (!o.normal()) problems.add("call with " + o.peer() + " ended: " + o.reason());
                for (Delivery d : o.received()) if (!d.ok()) problems.add(d.toString());
            }
        }
        if (!problems.isEmpty()) throw new CliFailure(CliFailure.FAILED, String.join("; ", problems));
        printer.say("all received intact");
        return 0;
    }
}
