-- ARGV: cutoff ms. Returns {seeders, leechers, downloaded} after dropping the expired.
sweep(ARGV[1])
return counts()
