# A libtorrent seeder that joins the DHT only through the node given on the command line and announces its
# torrent there. Prints "READY <listen port> <info-hash hex>", then "STATS <dht nodes> <table nodes>" every
# half second until it is killed (or after 120 s). Everything stays on 127.0.0.1 (see shared/peers.md).
import sys, time, os
import libtorrent as lt

host, port, workdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
settings = {
    'listen_interfaces': '127.0.0.1:0', 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_ip_notifier': False, 'dht_bootstrap_nodes': '', 'allow_multiple_connections_per_ip': True,
    'enable_dht': True, 'dht_restrict_routing_ips': False, 'dht_restrict_search_ips': False,
    'dht_prefer_verified_node_ids': False, 'dht_announce_interval': 10,
    'alert_mask': lt.alert.category_t.dht_notification | lt.alert.category_t.status_notification,
}
ses = lt.session(settings)
ses.add_dht_node((host, port))

data = os.path.join(workdir, 'data.bin')
with open(data, 'wb') as f:
    f.write(os.urandom(64 * 1024))
fs = lt.file_storage()
lt.add_files(fs, data)
ct = lt.create_torrent(fs, 16 * 1024)
lt.set_piece_hashes(ct, workdir)
info = lt.torrent_info(ct.generate())
h = ses.add_torrent({'ti': info, 'save_path': workdir, 'flags': lt.torrent_flags.seed_mode})

deadline = time.time() + 120
ready = False
while time.time() < deadline:
    ses.post_dht_stats()
    table = 0
    for a in ses.pop_alerts():
        if isinstance(a, lt.dht_stats_alert):
            table = sum(b['num_nodes'] for b in a.routing_table)
    if not ready and ses.listen_port() > 0:
        h.force_dht_announce()
        print('READY %d %s' % (ses.listen_port(), str(info.info_hashes().v1)), flush=True)
        ready = True
    elif ready:
        h.force_dht_announce()
    print('STATS %d %d' % (ses.status().dht_nodes, table), flush=True)
    time.sleep(0.5)
