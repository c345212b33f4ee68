-- ARGV: name, cutoff ms. Drops the swarm's expired peers, and the swarm if nothing in it is worth keeping;
-- returns {peers dropped, forgotten (1/0)}.
sweep(ARGV[2])
forgetIfEmpty(ARGV[2])
return {-delta, forgotten}
