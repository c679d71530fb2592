-- wrk script: each request awards one badge (POST /api/organisations/{org}/assertions) to a unique e-mail address.
-- Environment: BENCH_TOKEN (bearer token of a trainer), BENCH_ORG (organisation id), BENCH_BADGE (badge reference),
-- BENCH_RUN (a run tag, so addresses are unique across runs). done() prints one machine-readable RESULT line.
local token = os.getenv("BENCH_TOKEN")
local org = os.getenv("BENCH_ORG")
local badge = os.getenv("BENCH_BADGE") or "initiative-leader@1.0.0/vdp.b.mladi-pobudnik"
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  created = 0
  failed = 0
  first_failure = ""
  path = "/api/organisations/" .. org .. "/assertions"
  headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
end

function request()
  counter = counter + 1
  local body = string.format('{"badge":"%s","recipientEmail":"bench-%s-t%d-%d@example.org"}', badge, run, tid, counter)
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
  if status == 201 then
    created = created + 1
  else
    failed = failed + 1
    if first_failure == "" then
      first_failure = status .. " " .. string.sub(body or "", 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local ok, bad, why = 0, 0, ""
  for _, t in ipairs(threads) do
    ok = ok + t:get("created")
    bad = bad + t:get("failed")
    local f = t:get("first_failure")
    if why == "" and f ~= nil and f ~= "" then why = f end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT ok=%d failed=%d socket_errors=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n",
    ok, bad, errors, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  if why ~= "" then io.write("FIRST_FAILURE " .. why:gsub("\n", " ") .. "\n") end
end
