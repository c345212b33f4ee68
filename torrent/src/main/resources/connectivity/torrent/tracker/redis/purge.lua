-- ARGV: name, cutoff ms. Drops the swarm's expired peers, and the swarm if nothing in it is worth keeping;
-- returns how many peers were dropped.
local n = sweep(ARGV[2])
forgetIfEmpty(ARGV[1], ARGV[2])
return n
