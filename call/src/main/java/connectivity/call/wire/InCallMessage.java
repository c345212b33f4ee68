package connectivity.call.wire;

/** The records of an established call, sent sealed over the secure channel. */
public sealed interface InCallMessage extends ProtocolMessage permits InCallMessage.Ping, InCallMessage.Bye,
        InCallMessage.Item, InCallMessage.Got, InCallMessage.Resume {

    /** A keep-alive; {@code everyMillis} is the sender's interval. */
    record Ping(long everyMillis) implements InCallMessage {}

    record Bye() implements InCallMessage {}

    /**
     * Records a call sends are numbered 1, 2, ... across every path it uses (all but PING, GOT and RESUME, which
     * belong to one path). {@code GOT{n}}: the sender has received the peer's records up to n, which the peer may
     * now forget.
     */
    record Got(long count) implements InCallMessage {}

    /** The first record on a path taken up mid-call: the next numbered record on it is {@code next}. */
    record Resume(long next) implements InCallMessage {}

    /** A message about one numbered item (a chat line, a file, a voice stream). */
    sealed interface Item extends InCallMessage permits Chat, Ack, FileBegin, FileChunk, FileEnd, VoiceBegin, VoiceFrame, VoiceEnd {
        String item();
    }

    record Chat(String item, String text) implements Item {}

    /** The receiver's verdict on an item; {@code name} and {@code detail} are optional. */
    record Ack(String item, String kind, String name, boolean ok, String detail) implements Item {}

    record FileBegin(String item, String name, long size) implements Item {}

    record FileChunk(String item, byte[] data) implements Item {}

    record FileEnd(String item, String sha256, long size) implements Item {}

    record VoiceBegin(String item, String name, long rate, long channels, long bits, long frames) implements Item {}

    /** {@code micros} is the sender's wall clock when the frame left, for the one-way delay. */
    record VoiceFrame(String item, long seq, long micros, byte[] data) implements Item {}

    record VoiceEnd(String item, long frames) implements Item {}
}
