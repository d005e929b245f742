-- wrk script for bench/http.sh: one file, three modes, chosen by the first script argument.
--
--   wrk -s bench/wrk.lua http://127.0.0.1:PORT -- healthz
--   wrk -s bench/wrk.lua http://127.0.0.1:PORT -- static
--   wrk -s bench/wrk.lua http://127.0.0.1:PORT -- status PATHS_FILE COOKIE
--   wrk -s bench/wrk.lua http://127.0.0.1:PORT -- post   TAG COOKIE CSRF
--
-- healthz: GET /healthz (no database).
-- static:  GET /static/app.css (the stylesheet, served from memory: no database, no template).
-- status:  GET /status/<token>, a token picked at random per request from PATHS_FILE
--          (one "/status/<token>" per line), sending the visitor's CSRF cookie.
-- post:    POST /requests as the portal form does, with a fresh email address on every
--          request ("b<TAG>-<thread>-<n>@bench.example"), so that each one creates a new
--          request rather than re-sending a link for an open one. TAG must differ per run.
--
-- At the end, one machine-readable line on stdout, read by bench/http.sh:
--   BENCH requests=N duration_us=N rps=F p50_us=F p99_us=F max_us=F
--         err_connect=N err_read=N err_write=N err_status=N err_timeout=N errors=N
-- (wrk counts a response with status > 399 as a status error: the "non-2xx/3xx" count.)

local threads = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", next_id)
   table.insert(threads, thread)
end

local mode, paths, cookie, csrf, tag
local counter = 0

function init(args)
   mode = args[1] or "healthz"
   math.randomseed(os.time() + (tonumber(tid) or 0) * 7919)
   if mode == "healthz" then
      wrk.method = "GET"
      wrk.path = "/healthz"
   elseif mode == "static" then
      wrk.method = "GET"
      wrk.path = "/static/app.css"
   elseif mode == "status" then
      paths = {}
      local f = assert(io.open(args[2], "r"), "cannot open the status paths file " .. tostring(args[2]))
      for line in f:lines() do
         if line ~= "" then
            table.insert(paths, line)
         end
      end
      f:close()
      assert(#paths > 0, "no status paths in " .. args[2])
      cookie = args[3]
   elseif mode == "post" then
      tag = assert(args[2], "post needs a run tag")
      cookie = assert(args[3], "post needs the CSRF cookie value")
      csrf = assert(args[4], "post needs the CSRF form token")
   else
      error("unknown mode " .. mode)
   end
end

function request()
   if mode == "status" then
      local headers = {}
      if cookie and cookie ~= "" then
         headers["Cookie"] = "dsr_csrf=" .. cookie
      end
      return wrk.format("GET", paths[math.random(#paths)], headers)
   elseif mode == "post" then
      counter = counter + 1
      local body = "email=b" .. tag .. "-" .. tid .. "-" .. counter .. "%40bench.example"
         .. "&kind=access&csrf=" .. csrf
      return wrk.format("POST", "/requests", {
         ["Content-Type"] = "application/x-www-form-urlencoded",
         ["Cookie"] = "dsr_csrf=" .. cookie,
      }, body)
   end
   return wrk.format(nil, wrk.path)
end

-- Only 2xx and 3xx are successes; wrk already counts >399 as errors.status. Anything in
-- 1xx (never expected) would pass silently, so nothing to add here.

function done(summary, latency, requests)
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.status + e.timeout
   local secs = summary.duration / 1e6
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%.1f p99_us=%.1f max_us=%.1f "
         .. "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d errors=%d\n",
      summary.requests, summary.duration, summary.requests / secs,
      latency:percentile(50), latency:percentile(99), latency.max,
      e.connect, e.read, e.write, e.status, e.timeout, errors))
end
