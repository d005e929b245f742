-- wrk script for bench/api.sh (the support API), one mode per run:
--
--   wrk -s bench/api.lua http://127.0.0.1:PORT -- get  IDS_FILE TOKEN
--   wrk -s bench/api.lua http://127.0.0.1:PORT -- post TAG TOKEN
--
-- get:  GET /api/v1/requests/<id>, an id picked at random per request from IDS_FILE.
-- post: POST /api/v1/requests with a fresh address on every request
--       ("a<TAG>-<thread>-<n>@bench.example"), so each one creates a request.
--
-- At the end, one line for bench/api.sh:
--   BENCH requests=N duration_us=N rps=F p50_us=F p99_us=F max_us=F errors=N err_status=N

local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", next_id)
end

local mode, ids, token, tag
local counter = 0

function init(args)
   mode = args[1]
   math.randomseed(os.time() + (tonumber(tid) or 0) * 7919)
   if mode == "get" then
      ids = {}
      local f = assert(io.open(args[2], "r"), "cannot open " .. tostring(args[2]))
      for line in f:lines() do
         if line ~= "" then table.insert(ids, line) end
      end
      f:close()
      assert(#ids > 0, "no ids in " .. args[2])
      token = assert(args[3], "get needs a token")
   elseif mode == "post" then
      tag = assert(args[2], "post needs a run tag")
      token = assert(args[3], "post needs a token")
   else
      error("unknown mode " .. tostring(mode))
   end
end

function request()
   if mode == "get" then
      return wrk.format("GET", "/api/v1/requests/" .. ids[math.random(#ids)], {
         ["Authorization"] = "Bearer " .. token,
      })
   end
   counter = counter + 1
   local body = '{"email":"a' .. tag .. "-" .. tid .. "-" .. counter .. '@bench.example","kind":"access","ticket_ref":"BENCH-' .. counter .. '"}'
   return wrk.format("POST", "/api/v1/requests", {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
   }, body)
end

function done(summary, latency, requests)
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.status + e.timeout
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%.1f p99_us=%.1f max_us=%.1f errors=%d err_status=%d\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(99), latency.max, errors, e.status))
end
