package connectivity.torrent.daemon;

import connectivity.torrent.swarm.Swarm;

/** Seams where tests hold a torrent's start or stop at a known point (a slow stop, a remove racing the metadata). */
interface RunnerHooks {
    /** On the stopping thread, before {@code s} is closed. */
    default void closing(TorrentSession t, Swarm s) throws InterruptedException {}

    /** On the starting thread, when a magnet's metadata has come and before its .torrent is written. */
    default void metadataFetched(TorrentSession t) throws InterruptedException {}

    RunnerHooks NONE = new RunnerHooks() {};
}
