-- ARGV: cutoff ms. Returns {seeders, leechers, downloaded, peers dropped} after dropping the expired.
sweep(ARGV[1])
local c = counts()
return {c[1], c[2], c[3], -delta}
