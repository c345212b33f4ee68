# A libtorrent peer that finds peers only through the DHT node named on the command line (no tracker, no x.pe),
# kept on 127.0.0.1 with the settings from /work/shared/peers.md.
#   lt_dht_peer.py seed FILE.torrent SAVE_DIR HOST PORT          prints "port N", announces every second until stdin closes
#   lt_dht_peer.py leech HEX SAVE_DIR HOST PORT SECONDS          prints "done" once it seeds (exit 0), or exits 1
import sys, time, threading
import libtorrent as lt

settings = {
    'listen_interfaces': '127.0.0.1:0', 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_ip_notifier': False, 'dht_bootstrap_nodes': '', 'allow_multiple_connections_per_ip': True,
    'enable_dht': True, 'dht_restrict_routing_ips': False, 'dht_restrict_search_ips': False,
    'dht_prefer_verified_node_ids': False, 'dht_announce_interval': 10,
    'enable_outgoing_utp': False, 'enable_incoming_utp': False, 'alert_mask': 0,
}
mode, host, port = sys.argv[1], sys.argv[4], int(sys.argv[5])
ses = lt.session(settings)
ses.add_dht_node((host, port))
if mode == 'seed':
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(sys.argv[2])
    atp.save_path = sys.argv[3]
    atp.flags |= lt.torrent_flags.seed_mode
    h = ses.add_torrent(atp)
    print('port %d' % ses.listen_port(), flush=True)

    def announce():
        # Repeated because the first announce may go out before the node has joined through our bootstrap node.
        while True:
            h.force_dht_announce()
            time.sleep(1)
    threading.Thread(target=announce, daemon=True).start()
    sys.stdin.read()  # until the test closes our stdin
elif mode == 'leech':
    atp = lt.parse_magnet_uri('magnet:?xt=urn:btih:' + sys.argv[2])
    atp.save_path = sys.argv[3]
    h = ses.add_torrent(atp)
    deadline = time.time() + float(sys.argv[6])
    last = 0
    while time.time() < deadline:
        s = h.status()
        if s.is_seeding:
            print('done', flush=True)
            sys.exit(0)
        if time.time() - last > 2:
            h.force_dht_announce()  # also starts a get_peers lookup at once
            last = time.time()
        time.sleep(0.1)
    s = h.status()
    print('timeout: state %s progress %.3f peers %d has_metadata %s dht_nodes %d' % (
        s.state, s.progress, s.num_peers, s.has_metadata, ses.status().dht_nodes), flush=True)
    sys.exit(1)
