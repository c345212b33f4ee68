# A libtorrent peer kept on 127.0.0.1 for the magnet interop tests (settings from /work/shared/peers.md).
#   lt_peer.py seed FILE.torrent SAVE_DIR      prints "port N", seeds until stdin closes
#   lt_peer.py leech MAGNET SAVE_DIR SECONDS   prints "done" once it has everything (exit 0), or exits 1
import sys, time, threading
import libtorrent as lt

settings = {
    'listen_interfaces': '127.0.0.1:0', 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_dht': False, 'enable_ip_notifier': False, 'dht_bootstrap_nodes': '',
    'allow_multiple_connections_per_ip': True, 'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    'out_enc_policy': 2, 'alert_mask': 0,
}
ses = lt.session(settings)
mode = sys.argv[1]
if mode == 'seed':
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(sys.argv[2])
    atp.save_path = sys.argv[3]
    atp.flags |= lt.torrent_flags.seed_mode
    h = ses.add_torrent(atp)
    print('port %d' % ses.listen_port(), flush=True)
    sys.stdin.read()  # until the test closes our stdin
elif mode == 'leech':
    atp = lt.parse_magnet_uri(sys.argv[2])
    atp.save_path = sys.argv[3]
    h = ses.add_torrent(atp)
    deadline = time.time() + float(sys.argv[4])
    while time.time() < deadline:
        s = h.status()
        if s.is_seeding:
            print('done', flush=True)
            sys.exit(0)
        time.sleep(0.1)
    s = h.status()
    print('timeout: state %s progress %.3f peers %d has_metadata %s' % (s.state, s.progress, s.num_peers, s.has_metadata), flush=True)
    sys.exit(1)
