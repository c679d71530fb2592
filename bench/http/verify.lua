-- wrk script: each request POSTs one of our own signed assertions to the verify API (POST /api/verify {"jws": ...}).
-- Environment: BENCH_JWS (a compact JWS). Only a 200 whose report says "valid" counts as ok.
-- done() prints one machine-readable RESULT line.
local jws = os.getenv("BENCH_JWS")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  failed = 0
  first_failure = ""
  wrk.method = "POST"
  wrk.body = '{"jws":"' .. jws .. '"}'
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function response(status, hdrs, body)
  if status == 200 and string.find(body or "", '"status":"valid"', 1, true) then
    ok = ok + 1
  else
    failed = failed + 1
    if first_failure == "" then first_failure = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local good, bad, why = 0, 0, ""
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    bad = bad + t:get("failed")
    local f = t:get("first_failure")
    if why == "" and f ~= nil and f ~= "" then why = f end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT ok=%d failed=%d socket_errors=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    good, bad, errors, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  if why ~= "" then io.write("FIRST_FAILURE " .. why:gsub("\n", " ") .. "\n") end
end
