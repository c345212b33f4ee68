# A python3-libtorrent seeder for bench/magnet-dht.sh, found only through the DHT (no tracker, no x.pe), kept on
# 127.0.0.1 with the settings from /work/shared/peers.md:
#   dht_seeder.py FILE.torrent SAVE_DIR HOST PORT
# joins the DHT through HOST:PORT, prints "port N" once listening, announces every second, and prints
# "connect UNIX_TIME ADDR" for each incoming connection, until its stdin closes.
import sys, time, threading
import libtorrent as lt

settings = {
    'listen_interfaces': '127.0.0.1:0', 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_ip_notifier': False, 'dht_bootstrap_nodes': '', 'allow_multiple_connections_per_ip': True,
    'enable_dht': True, 'dht_restrict_routing_ips': False, 'dht_restrict_search_ips': False,
    'dht_prefer_verified_node_ids': False, 'dht_announce_interval': 10,
    'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    # A seed need not dial anyone; without this it can dial itself (it gets its own address back from the DHT),
    # and that incoming connection would count as a leecher's first.
    'seeding_outgoing_connections': False,
    'alert_mask': lt.alert_category.peer,
}
ses = lt.session(settings)
ses.add_dht_node((sys.argv[3], int(sys.argv[4])))
atp = lt.add_torrent_params()
atp.ti = lt.torrent_info(sys.argv[1])
atp.save_path = sys.argv[2]
atp.flags |= lt.torrent_flags.seed_mode
h = ses.add_torrent(atp)
print('port %d' % ses.listen_port(), flush=True)


def announce():
    while True:
        h.force_dht_announce()
        time.sleep(1)


def alerts():
    while True:
        ses.wait_for_alert(500)
        for a in ses.pop_alerts():
            if isinstance(a, lt.incoming_connection_alert):
                print('connect %.6f %s' % (time.time(), a.endpoint), flush=True)


threading.Thread(target=announce, daemon=True).start()
threading.Thread(target=alerts, daemon=True).start()
sys.stdin.read()
