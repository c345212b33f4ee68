package connectivity.http.server;

/**
 * A {@link Handler} that waits on nothing but memory and local files: no network, no peer, no lock held
 * across another request's body. An HTTP/2 connection may run it on its reader thread for a request
 * without a body, sparing a thread hand-off per request (the other streams wait meanwhile, as they wait
 * for their frames to be read). A handler that may block for long must not be one.
 */
public interface QuickHandler extends Handler {}
