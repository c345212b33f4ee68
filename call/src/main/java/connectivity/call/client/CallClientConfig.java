package connectivity.call.client;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link CallClient} runs. {@code relay} may be null. {@code callPingInterval} is the keep-alive
 * inside a call (a peer silent for two intervals ends it); with {@code oneCallAtATime} the client refuses
 * to dial while in a call or dialing, and refuses incoming calls as busy. {@code maxRinging} caps the calls
 * ringing here at once; past it a new one is refused as busy, so a flood of offers cannot pile up. With
 * {@code upgrade} a call that starts on the relay looks for a direct path beside it and moves onto it ({@link Upgrader}).
 * {@code otherRendezvous} are further instances of the same rendezvous (sharing one store): when the connection to
 * one dies, the client logs in to the next (see {@link #rendezvousAddresses()}).
 */
public record CallClientConfig(String name, InetSocketAddress rendezvous, InetSocketAddress relay, InetSocketAddress listen,
        boolean unreachable, Duration pingInterval, Duration connectTimeout, Duration answerTimeout, Path saveTo,
        Duration callPingInterval, boolean oneCallAtATime, int maxRinging, boolean upgrade, List<InetSocketAddress> otherRendezvous) {
    public static final Duration DEFAULT_PING = Duration.ofSeconds(25);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CALL_PING = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RINGING = 16;

    public CallClientConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rendezvous, "rendezvous");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(saveTo, "saveTo");
        if (maxRinging < 1) throw new IllegalArgumentException("maxRinging must be at least 1");
        otherRendezvous = List.copyOf(otherRendezvous);
    }

    /** Every rendezvous instance to log in to, in the order they are tried: {@code rendezvous} first. */
    public List<InetSocketAddress> rendezvousAddresses() {
        List<InetSocketAddress> all = new ArrayList<>(1 + otherRendezvous.size());
        all.add(rendezvous);
        for (InetSocketAddress a : otherRendezvous) if (!all.contains(a)) all.add(a);
        return List.copyOf(all);
    }

    /** The defaults: listen on every address with an ephemeral port, no relay, one call at a time. */
    public static CallClientConfig of(String name, InetSocketAddress rendezvous) {
        return builder(name, rendezvous).build();
    }

    public static Builder builder(String name, InetSocketAddress rendezvous) {
        return new Builder(name, rendezvous);
    }

    public Builder toBuilder() {
        return new Builder(name, rendezvous).relay(relay).listen(listen).unreachable(unreachable).pingInterval(pingInterval)
                .connectTimeout(connectTimeout).answerTimeout(answerTimeout).saveTo(saveTo)
                .callPingInterval(callPingInterval).oneCallAtATime(oneCallAtATime).maxRinging(maxRinging).upgrade(upgrade)
                .otherRendezvous(otherRendezvous);
    }

    public static final class Builder {
        private final String name;
        private final InetSocketAddress rendezvous;
        private InetSocketAddress relay;
        private InetSocketAddress listen = new InetSocketAddress("0.0.0.0", 0);
        private boolean unreachable;
        private Duration pingInterval = DEFAULT_PING;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration answerTimeout = DEFAULT_ANSWER_TIMEOUT;
        private Path saveTo = Path.of(".");
        private Duration callPingInterval = DEFAULT_CALL_PING;
        private boolean oneCallAtATime = true;
        private int maxRinging = DEFAULT_MAX_RINGING;
        private boolean upgrade = true;
        private List<InetSocketAddress> otherRendezvous = List.of();

        private Builder(String name, InetSocketAddress rendezvous) {
            this.name = name;
            this.rendezvous = rendezvous;
        }

        public Builder relay(InetSocketAddress r) {
            relay = r;
            return this;
        }

        public Builder listen(InetSocketAddress l) {
            listen = l;
            return this;
        }

        public Builder unreachable(boolean u) {
            unreachable = u;
            return this;
        }

        public Builder pingInterval(Duration p) {
            pingInterval = p;
            return this;
        }

        public Builder connectTimeout(Duration c) {
            connectTimeout = c;
            return this;
        }

        public Builder answerTimeout(Duration a) {
            answerTimeout = a;
            return this;
        }

        public Builder saveTo(Path s) {
            saveTo = s;
            return this;
        }

        public Builder callPingInterval(Duration c) {
            callPingInterval = c;
            return this;
        }

        public Builder oneCallAtATime(boolean one) {
            oneCallAtATime = one;
            return this;
        }

        public Builder maxRinging(int max) {
            maxRinging = max;
            return this;
        }

        /** Whether a call that starts on the relay punches for a direct path and moves onto it (default true). */
        public Builder upgrade(boolean u) {
            upgrade = u;
            return this;
        }

        /** Further instances of the rendezvous to move to when the current one goes away. */
        public Builder otherRendezvous(List<InetSocketAddress> others) {
            otherRendezvous = others;
            return this;
        }

        public CallClientConfig build() {
            return new CallClientConfig(name, rendezvous, relay, listen, unreachable, pingInterval, connectTimeout,
                    answerTimeout, saveTo, callPingInterval, oneCallAtATime, maxRinging, upgrade, otherRendezvous);
        }
    }
}
