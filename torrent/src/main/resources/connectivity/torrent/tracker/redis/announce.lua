-- ARGV: name, endpoint, keyed field (family and peer id), record, seeder (1/0), now ms, cutoff ms,
-- event (n, t started, c, s), numwant, max swarms, max peers in the swarm, max peers.
-- Returns {1, seeders, leechers, downloaded, leechers sampled, seeders sampled} (endpoint, record without its key,
-- flattened), {0, seeders, leechers, downloaded} for a stop, or {-1, limit} when refused.
local name, ep, kf, rec, seeder, now, cutoff, ev = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local numwant, maxSwarms, maxPerSwarm, maxPeers = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])

if not redis.call('ZSCORE', swarms, name) then
  if ev == 's' then return {0, 0, 0, 0} end
  if redis.call('ZCARD', swarms) >= maxSwarms then return {-1, 'SWARMS'} end
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
  forgetIfEmpty(name, cutoff)
  return {0, c[1], c[2], c[3]}
end
if exists then
  drop(ep, true)
else
  if redis.call('HLEN', leechers) + redis.call('HLEN', seeders) >= maxPerSwarm then
    forgetIfEmpty(name, cutoff)
    return {-1, 'PEERS_IN_SWARM'}
  end
  if tonumber(redis.call('GET', total) or '0') >= maxPeers then
    forgetIfEmpty(name, cutoff)
    return {-1, 'PEERS'}
  end
  redis.call('INCR', total)
end
redis.call('HSET', seeder == '1' and seeders or leechers, ep, rec)
redis.call('ZADD', seen, now, ep)
if #rec > 28 then redis.call('HSET', keyed, kf, ep) end
redis.call('ZADD', swarms, now, name)
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
return {1, c[1], c[2], c[3], sample(leechers, nl), sample(seeders, ns)}
