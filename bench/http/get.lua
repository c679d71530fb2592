-- wrk script: GET of the URL given on the command line, with the Accept header of an Open Badges client
-- (or BENCH_ACCEPT, e.g. a browser's, for the verification page).
-- done() prints one machine-readable RESULT line (2xx responses only count as ok).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  failed = 0
  wrk.headers["Accept"] = os.getenv("BENCH_ACCEPT") or "application/ld+json, application/json, image/png, image/svg+xml"
  local language = os.getenv("BENCH_ACCEPT_LANGUAGE")
  if language then wrk.headers["Accept-Language"] = language end
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    bad = bad + t:get("failed")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT ok=%d failed=%d socket_errors=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    good, bad, errors, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
