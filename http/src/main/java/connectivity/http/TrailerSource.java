package connectivity.http;

/** A body that may end with trailer fields (chunked HTTP/1.1, HTTP/2): known once the body has been read to its end. */
public interface TrailerSource {
    /** The trailer fields as sent; empty until the body ended, or when there were none. */
    Headers trailers();
}
