package connectivity.call.client;

/** One item that crossed a call, as the receiver judged it. */
public record Delivery(String kind, String name, boolean ok, String detail) {
    @Override
    public String toString() {
        return kind + " " + name + (ok ? " ok" : " FAILED") + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
