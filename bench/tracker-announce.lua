-- wrk script: varied compact announces over 16 info-hashes (first byte 0..15, then 19 bytes 0xAB),
-- peer ids and ports changing with every request, a third of them seeders. With CONNECTION_CLOSE=1 in
-- the environment every announce asks for "Connection: close", as opentracker closes after each anyway.
local counter = 0
local headers = os.getenv("CONNECTION_CLOSE") == "1" and { ["Connection"] = "close" } or nil
local hashes = {}
for i = 0, 15 do
  hashes[i + 1] = string.format("%%%02X", i) .. string.rep("%AB", 19)
end

request = function()
  counter = counter + 1
  local h = hashes[(counter % 16) + 1]
  local peer = string.format("-WK0001-%012d", counter % 20000)
  local port = 1024 + (counter % 60000)
  local left = (counter % 3 == 0) and 0 or 1000
  local path = "/announce?info_hash=" .. h .. "&peer_id=" .. peer .. "&port=" .. port
    .. "&uploaded=0&downloaded=0&left=" .. left .. "&compact=1&numwant=50"
  return wrk.format("GET", path, headers)
end
