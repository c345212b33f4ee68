"""libtorrent peers for the PEX interop tests, all on 127.0.0.1.

usage: pex_peers.py TORRENT WORKDIR COUNT [LINK] [DEAF1]
Starts COUNT libtorrent sessions, each with the torrent and an empty folder of its own (so none has data and none
finishes). With LINK, session 0 dials session 1 and we wait until they are connected. With DEAF1, session 1 takes
no peers from PEX (max_pex_peers 0), so it dials nobody it hears of. Prints
"ports P0 P1 ..." once ready, then every half second "peers I HOST:PORT:SOURCE ..." for each session (SOURCE is
libtorrent's peer_source bits: 1 tracker, 2 dht, 4 pex, 8 lsd, 16 resume data, 32 incoming). Reads lines
"connect I HOST PORT" from stdin. Exits when stdin closes, or after 150 s whatever happens.
"""
import os
import select
import sys
import time

import libtorrent as lt

DEADLINE = time.monotonic() + 150


def settings(deaf):
    pack = {
        'listen_interfaces': '127.0.0.1:0',
        'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False, 'enable_dht': False,
        'enable_ip_notifier': False, 'dht_bootstrap_nodes': '',
        'allow_multiple_connections_per_ip': True,
        'enable_outgoing_utp': False, 'enable_incoming_utp': False,
        'out_enc_policy': 2, 'in_enc_policy': 1,
        'alert_mask': 0,
    }
    if deaf:
        pack['max_pex_peers'] = 0
    return pack


def main():
    torrent, workdir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    link, deaf1 = 'LINK' in sys.argv[4:], 'DEAF1' in sys.argv[4:]
    sessions, handles = [], []
    for i in range(count):
        s = lt.session(settings(deaf1 and i == 1))
        atp = lt.add_torrent_params()
        atp.ti = lt.torrent_info(torrent)
        atp.save_path = os.path.join(workdir, 'lt%d' % i)
        atp.flags &= ~lt.torrent_flags.auto_managed
        atp.flags &= ~lt.torrent_flags.paused
        handles.append(s.add_torrent(atp))
        sessions.append(s)
    while any(h.status().state in (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
              for h in handles):
        if time.monotonic() > DEADLINE:
            sys.exit('torrents never left checking')
        time.sleep(0.1)
    ports = [s.listen_port() for s in sessions]
    if link:
        handles[0].connect_peer(('127.0.0.1', ports[1]))
        while not any(p.ip[1] == ports[1] for p in handles[0].get_peer_info()):
            if time.monotonic() > DEADLINE:
                sys.exit('session 0 never connected to session 1')
            time.sleep(0.1)
    print('ports ' + ' '.join(str(p) for p in ports), flush=True)
    while time.monotonic() < DEADLINE:
        ready, _, _ = select.select([sys.stdin], [], [], 0.5)
        if ready:
            line = sys.stdin.readline()
            if not line:
                return
            words = line.split()
            if words and words[0] == 'connect':
                handles[int(words[1])].connect_peer((words[2], int(words[3])))
        for i, h in enumerate(handles):
            peers = ['%s:%d:%d' % (p.ip[0], p.ip[1], int(p.source)) for p in h.get_peer_info()]
            print('peers %d %s' % (i, ' '.join(peers)), flush=True)


if __name__ == '__main__':
    main()
