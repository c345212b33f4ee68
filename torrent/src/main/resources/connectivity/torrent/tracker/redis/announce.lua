-- ARGV: name, endpoint, keyed field (family and peer id), record, seeder (1/0), now ms, cutoff ms,
-- event (n, t started, c, s), numwant, max peers in the swarm.
-- Returns {kind, created, forgotten, peers delta, added, ...}: then for kind 1 seeders, leechers, downloaded, leechers
-- sampled, seeders sampled (endpoint, record without its key, flattened); for kind 0 (a stop) seeders, leechers,
-- downloaded; for kind -1 (refused) the limit. created: this call made the swarm; added: it added this peer.
local name, ep, kf, rec, seeder, now, cutoff, ev = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local numwant, maxPerSwarm = tonumber(ARGV[9]), tonumber(ARGV[10])

local created = 0
if redis.call('EXISTS', meta) == 0 then
  if ev == 's' then return {0, 0, 0, 0, 0, 0, 0, 0} end
  created = 1
end
sweep(cutoff)
local exists = redis.call('HEXISTS', leechers, ep) == 1 or redis.call('HEXISTS', seeders, ep) == 1
-- A peer that proves with its key that it moved takes its old entry along (or away, if it stops).
if #rec > 28 and not exists then
  local old = redis.call('HGET', keyed, kf)
  if old then
    local was = redis.call('HGET', leechers, old) or redis.call('HGET', seeders, old)
    if was and #was > 28 and string.sub(was, 29) == string.sub(rec, 29) then drop(old, false) end
  end
end
if ev == 's' then
  drop(ep, false)
  local c = counts()
  if created == 0 then forgetIfEmpty(cutoff) end
  return {0, 0, forgotten, delta, 0, c[1], c[2], c[3]}
end
local added = 0
if exists then
  drop(ep, true)
else
  if redis.call('HLEN', leechers) + redis.call('HLEN', seeders) >= maxPerSwarm then
    if created == 0 then forgetIfEmpty(cutoff) end
    return {-1, 0, forgotten, delta, 0, 'PEERS_IN_SWARM'}
  end
  added = 1
  delta = delta + 1
end
redis.call('HSET', seeder == '1' and seeders or leechers, ep, rec)
redis.call('ZADD', seen, now, ep)
if #rec > 28 then redis.call('HSET', keyed, kf, ep) end
redis.call('HSET', meta, 'last', now)
if ev == 'c' then redis.call('HINCRBY', meta, 'dl', 1) end

local c = counts()
local function sample(key, n)
  local out = {}
  if n <= 0 then return out end
  local got = redis.call('HRANDFIELD', key, n, 'WITHVALUES')
  for i = 1, #got, 2 do
    out[#out + 1] = got[i]
    out[#out + 1] = string.sub(got[i + 1], 1, 28)
  end
  return out
end
-- Each side in proportion to its size, one more for the peer itself; the caller shuffles and cuts to numwant.
-- A seeder gets no seeders, except on its first announce (see SwarmStore.announce).
local all = c[1] + c[2]
local nl, ns = 0, 0
if numwant > 0 then
  if seeder == '1' and ev ~= 't' then
    nl = math.min(c[2], numwant + 1)
  else
    nl = math.min(c[2], math.ceil(numwant * c[2] / all) + 1)
    ns = math.min(c[1], math.ceil(numwant * c[1] / all) + 1)
  end
end
return {1, created, forgotten, delta, added, c[1], c[2], c[3], sample(leechers, nl), sample(seeders, ns)}
