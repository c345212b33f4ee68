-- Shared by the tracker's scripts; RedisSwarmStore prepends it to each. A script touches one swarm only: five keys
-- with the info-hash as hash tag, so one cluster slot (seen: endpoint -> last announce ms; leechers and seeders:
-- endpoint -> record; keyed: family and peer id -> endpoint, for entries announced with a key; meta: last announce
-- ms and dl; a swarm exists while its meta does). The tracker-wide counts that hold the caps across instances live
-- outside the scripts (RedisSwarmStore applies what a script reports: swarm created or forgotten, peers added or
-- dropped). An endpoint is the peer's address (4 or 16 bytes) and port (2); a record is last seen (8 bytes), peer id
-- (20) and the key, if any.
local seen, leechers, seeders, keyed, meta = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
-- What this call did to the tracker-wide counts: peers added minus dropped, and whether it forgot the swarm.
local delta, forgotten = 0, 0

-- Removes the entry at endpoint e; true if there was one. Counted out of the total unless it is being replaced.
local function drop(e, replaced)
  local v = redis.call('HGET', leechers, e)
  if v then
    redis.call('HDEL', leechers, e)
  else
    v = redis.call('HGET', seeders, e)
    if not v then return false end
    redis.call('HDEL', seeders, e)
  end
  redis.call('ZREM', seen, e)
  if #v > 28 then
    local f = (#e == 18 and '6' or '4') .. string.sub(v, 9, 28)
    if redis.call('HGET', keyed, f) == e then redis.call('HDEL', keyed, f) end
  end
  if not replaced then delta = delta - 1 end
  return true
end

-- Drops the entries last seen before cutoff; returns how many.
local function sweep(cutoff)
  local gone = redis.call('ZRANGEBYSCORE', seen, '-inf', '(' .. cutoff)
  for _, e in ipairs(gone) do drop(e, false) end
  return #gone
end

-- Forgets a swarm without peers, unless it counts downloads and someone announced to it since cutoff.
local function forgetIfEmpty(cutoff)
  if redis.call('HLEN', leechers) + redis.call('HLEN', seeders) > 0 then return end
  if redis.call('EXISTS', meta) == 0 then return end
  local dl = tonumber(redis.call('HGET', meta, 'dl') or '0')
  local last = redis.call('HGET', meta, 'last')
  if dl > 0 and last and tonumber(last) >= tonumber(cutoff) then return end
  redis.call('DEL', seen, leechers, seeders, keyed, meta)
  forgotten = 1
end

local function counts()
  return {redis.call('HLEN', seeders), redis.call('HLEN', leechers), tonumber(redis.call('HGET', meta, 'dl') or '0')}
end

