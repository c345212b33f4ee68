-- Takes back an announce the tracker-wide caps refused after the swarm's script admitted it. ARGV: endpoint, whole
-- (1: the announce made the swarm, which goes with everything in it, so a refused swarm never outlives its refusal
-- however other announces raced into it; 0: only the peer goes, and the swarm if that leaves it empty), cutoff ms.
-- Returns {peers dropped, forgotten (1/0)}.
if ARGV[2] == '1' then
  if redis.call('EXISTS', meta) == 0 then return {0, 0} end
  local n = redis.call('HLEN', leechers) + redis.call('HLEN', seeders)
  redis.call('DEL', seen, leechers, seeders, keyed, meta)
  return {n, 1}
end
drop(ARGV[1], false)
forgetIfEmpty(ARGV[3])
return {-delta, forgotten}
