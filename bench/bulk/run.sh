#!/usr/bin/env bash
# Bulk issuance benchmark: a 10,000-row CSV uploaded (dry run), confirmed and issued by the job, end to end, on
# PostgreSQL and on SQLite. Prints signed assertions per second, their ratio to the two-thread RSA-2048 signing rate
# measured in the same run (bench/http/RsaCeiling), and the API's peak memory (VmHWM).
#
#   bench/bulk/run.sh            # exit 0 when the PostgreSQL median meets >= 60 % of the ceiling and < 500 MB, 1 if not, 2 on a set-up error
#
# Environment (optional): BENCH_ROWS (default 10000), BENCH_SIGN_SECONDS (default 5), PGPORT (default 54330: a durable cluster of its own, started under BENCH_PGROOT, default /tmp/badgeforge-pg-bench, when none answers),
# BENCH_DB (default badgeforge_bulkbench; dropped and re-created), BENCH_PROVIDERS (default "Postgres Sqlite"),
# BENCH_WARMUP_SECONDS (default 40) and BENCH_WARMUP_ROWS (default 500): one batch of BENCH_ROWS and then batches of
# that many rows are issued for that long before the measured one, so that it runs on optimised code as in a server
# that has been up for a while. Tiered compilation needs that long: after one 2,000-row batch, perf found a fifth of
# the API's CPU in the JIT's background thread and most of the job on unoptimised code; after 30 s of 2,000-row
# batches, code that runs once per request was still being optimised during the measured batch (about 4 % of the
# CPU samples in the JIT). BENCH_WARMUP_SECONDS=0 measures a cold server.
# BENCH_PERF_OUT (a file: "perf record -g" of the API during the measured batch, with the JIT's symbol map on;
# BENCH_PERF_ALL=1 records the whole machine). BENCH_POLL_SECONDS (default 1): how often progress is polled.
# BENCH_JOB_LOG_LEVEL=Debug: the job logs each chunk's signing and storing time, summed as CHUNKS.
# BENCH_VACUUM (default 1): VACUUM (ANALYZE) the PostgreSQL database after the warm-up; 0 skips it.
# BENCH_REPEAT (default 5): measured batches per provider, each with distinct recipients and keys and its own ceilings
# (before and after); the requirement is judged on the median ratio and peak memory (the median rate is reported against 2,500/s), and every run is printed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
rows=${BENCH_ROWS:-10000}
warmup_rows=${BENCH_WARMUP_ROWS:-500}
warmup_seconds=${BENCH_WARMUP_SECONDS:-40}
sign_seconds=${BENCH_SIGN_SECONDS:-5}
pgport=${PGPORT:-54330}
db=${BENCH_DB:-badgeforge_bulkbench}
providers=${BENCH_PROVIDERS:-Postgres Sqlite}
work=$(mktemp -d /tmp/badgeforge-bulkbench.XXXXXX)
api_pid=""
started=$SECONDS

log() { printf '[%3ds] %s\n' $((SECONDS - started)) "$*" >&2; }
die() { log "ERROR: $*"; [ -f "$work/api.log" ] && tail -n 20 "$work/api.log" >&2; exit 2; }
stop_api() {
  if [ -n "$api_pid" ] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$api_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$api_pid" 2>/dev/null || true
  fi
  api_pid=""
}
cleanup() { local rc=$?; stop_api; [ $rc -eq 2 ] || rm -rf "$work"; exit $rc; }
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in jq curl psql python3; do command -v $tool >/dev/null || die "$tool is missing"; done
export PGPASSWORD=postgres PGOPTIONS="-c client_min_messages=warning"
pg() { psql -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
if ! pg -d postgres -c 'select 1' >/dev/null 2>&1; then
  log "starting a durable PostgreSQL cluster with .ci/start-postgres.sh"
  PGPORT=$pgport PGROOT=${BENCH_PGROOT:-/tmp/badgeforge-pg-bench} PG_DURABLE=1 "$repo/.ci/start-postgres.sh" >/dev/null
fi
# Measured as in production: the tests' cluster (port 54329) turns fsync, synchronous_commit and full_page_writes off.
durability=$(pg -d postgres -c "select string_agg(name || '=' || setting, ',' order by name) from pg_settings where name in ('fsync', 'full_page_writes', 'synchronous_commit')")
[ "$durability" = "fsync=on,full_page_writes=on,synchronous_commit=on" ] || die "PostgreSQL on port $pgport is not durable ($durability): benchmarks measure with PostgreSQL's durable defaults"

api_dll="$repo/src/BadgeForge.Api/bin/Release/net10.0/BadgeForge.Api.dll"
ceiling_dll="$repo/bench/http/RsaCeiling/bin/Release/net10.0/RsaCeiling.dll"
log "building the API and the RSA ceiling in Release"
dotnet build -c Release -nologo -v q "$repo/src/BadgeForge.Api/BadgeForge.Api.csproj" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "API build failed"; }
dotnet build -c Release -nologo -v q "$repo/bench/http/RsaCeiling/RsaCeiling.csproj" >>"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "RsaCeiling build failed"; }

badge=initiative-leader@1.0.0/vdp.b.mladi-pobudnik
measured_csv() { # measured_csv N: the Nth measured batch (distinct recipients and keys)
  python3 - "$rows" "$badge" "$1" >"$work/batch.csv" <<'PY'
import sys
rows, badge, n = int(sys.argv[1]), sys.argv[2], sys.argv[3]
print("email,name,badge,evidenceUrl,narrative,idempotencyKey")
for i in range(rows):
    print(f"learner{n}-{i}@example.org,\"Učenec {i}, Šola\",{badge},https://example.org/evidence/{i},Opravil je usposabljanje {i},bench-{n}-{i}")
PY
}
measured_csv 1
log "$(wc -l <"$work/batch.csv") lines, $(stat -c %s "$work/batch.csv") bytes of CSV"
repeat=${BENCH_REPEAT:-5}
warmup_csv() { # warmup_csv N ROWS: the Nth warm-up batch (distinct recipients and keys)
  python3 - "$2" "$badge" "$1" >"$work/warmup.csv" <<'PY'
import sys
rows, badge, n = int(sys.argv[1]), sys.argv[2], sys.argv[3]
print("email,name,badge,evidenceUrl,narrative,idempotencyKey")
for i in range(rows):
    print(f"warmup{n}-{i}@example.org,\"Učenec {i}, Šola\",{badge},https://example.org/evidence/{i},Opravil je usposabljanje {i},warmup-{n}-{i}")
PY
}

# The ceiling is measured just before and just after the measured batch, with the API idle, and their mean is used:
# on a shared machine the signing rate drifts by a fifth within a minute, and the batch sees what surrounds it.
ceiling() {
  dotnet "$ceiling_dll" 2 "$sign_seconds" >"$work/sign.txt" 2>&1 || { cat "$work/sign.txt" >&2; die "RsaCeiling failed"; }
  sed -n 's/^rsa2048_sign_per_s=//p' "$work/sign.txt"
}

api_cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$api_pid/stat"; } # utime + stime
# PostgreSQL's CPU: every server process's utime + stime, plus cutime + cstime, in which the postmaster holds the CPU of
# backends that have exited (a pooled connection closed during the measurement would otherwise take its CPU with it).
pg_cpu_ticks() { for p in $(pgrep -u postgres); do awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }

post() { # post URL TOKEN CONTENT-TYPE DATA-ARG -> body
  local url=$1 token=$2 ctype=$3 data=$4 out code
  out=$(curl -sS -w '\n%{http_code}' "$url" -H "Content-Type: $ctype" ${token:+-H "Authorization: Bearer $token"} --data-binary "$data")
  code=${out##*$'\n'}; out=${out%$'\n'*}
  [[ $code == 2* ]] || { echo "POST $url -> $code: ${out:0:500}" >&2; return 1; }
  printf '%s' "$out"
}

# Waits for a batch to leave Queued/Running; sets state and progress. Polls once a second (BENCH_POLL_SECONDS) with
# curl alone, as a progress page would (Hangfire's dashboard refreshes its counters every 2 s). The end of the batch is
# the server's finishedAt, so the interval does not change the figure; each poll does cost the API and PostgreSQL a
# count of the batch's rows, and at four polls a second the polls (with curl) took about 5 % of the two cores.
wait_for_batch() { # wait_for_batch BATCH [POLL_SECONDS]
  while :; do
    sleep "${2:-${BENCH_POLL_SECONDS:-1}}"
    progress=$(curl -fsS -H "Authorization: Bearer $token" "$api/api/organisations/$org/bulk-batches/$1")
    [[ $progress == *'"state":"Queued"'* || $progress == *'"state":"Running"'* ]] || break
  done
  state=$(jq -r .state <<<"$progress")
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; } # the middle value (the lower of two)

status=0
for provider in $providers; do
  stop_api
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  api="http://127.0.0.1:$port"
  export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=$api PublicBaseUrl=$api Logging__LogLevel__Default=Warning
  # BENCH_JOB_LOG_LEVEL=Debug prints where each chunk's time went (signing vs storing).
  export Logging__LogLevel__BadgeForge=${BENCH_JOB_LOG_LEVEL:-Warning}
  export Database__Provider=$provider
  [ -z "${BENCH_PERF_OUT:-}" ] || export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  if [ "$provider" = Postgres ]; then
    pg -d postgres -c "drop database if exists \"$db\" with (force)" >/dev/null
    pg -d postgres -c "create database \"$db\"" >/dev/null
    export ConnectionStrings__BadgeForge="Host=127.0.0.1;Port=$pgport;Username=postgres;Password=postgres;Database=$db"
  else
    export ConnectionStrings__BadgeForge="Data Source=$work/bench.db"
  fi
  run_api() { (cd "$repo/src/BadgeForge.Api" && exec dotnet "$api_dll" "$@"); }
  admin_out=$(run_api create-admin --email bench-admin@example.org --name "Bench Admin" 2>&1) || { echo "$admin_out" >&2; die "create-admin failed"; }
  otp=$(sed -n 's/^One-time password: //p' <<<"$admin_out")
  (cd "$repo/src/BadgeForge.Api" && exec dotnet "$api_dll") >"$work/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 600); do curl -fsS "$api/health/ready" >/dev/null 2>&1 && break; kill -0 "$api_pid" 2>/dev/null || die "the API exited"; sleep 0.1; done
  token=$(post "$api/api/auth/token" "" application/json "$(jq -nc --arg p "$otp" '{email:"bench-admin@example.org",password:$p}')" | jq -r .accessToken)
  token=$(post "$api/api/auth/password" "$token" application/json "$(jq -nc --arg o "$otp" '{currentPassword:$o,newPassword:"bench passphrase of the admin"}')" | jq -r .accessToken)
  org=$(post "$api/api/organisations" "$token" application/json '{"slug":"bench-org","name":{"sl":"Zavod","en":"Institute"},
    "description":{"sl":"Meritve","en":"Benchmarks"},"url":"https://bench.example.org","email":"info@bench.example.org"}' | jq -r .id)
  # The first award creates the signing key, outside the measurement.
  post "$api/api/organisations/$org/assertions" "$token" application/json "{\"badge\":\"$badge\",\"recipientEmail\":\"first@example.org\"}" >/dev/null
  log "$provider: API pid $api_pid on $api, organisation $org"
  warm_from=$SECONDS warm_batches=0
  while [ "$warmup_rows" -gt 0 ] && [ $((SECONDS - warm_from)) -lt "$warmup_seconds" ]; do
    # The first warm-up batch is as large as the measured one, so that code only a large file reaches (the request body
    # read in several parts, for one) is compiled before the measurement; the rest are small, so that code that runs
    # once per request (upload, confirmation, progress) is called often enough to be optimised too.
    warmup_csv $warm_batches "$([ "$warm_batches" = 0 ] && echo "$rows" || echo "$warmup_rows")"
    report=$(post "$api/api/organisations/$org/bulk-batches/?kind=Awards" "$token" "text/csv" "@$work/warmup.csv")
    batch=$(jq -r .batch.id <<<"$report")
    post "$api/api/organisations/$org/bulk-batches/$batch/confirm" "$token" application/json "" >/dev/null
    # Warm-up batches are polled often: the point is many requests of each kind, not idle seconds between them.
    wait_for_batch "$batch" 0.1
    [ "$state" = Completed ] || die "$provider: a warm-up batch ended $state"
    warm_batches=$((warm_batches + 1))
  done
  log "$provider: warmed up with $warm_batches batches (the first of $rows rows, then $warmup_rows) in $((SECONDS - warm_from)) s"
  if [ "$provider" = Postgres ] && [ "${BENCH_VACUUM:-1}" = 1 ]; then
    # The warm-up wrote tens of thousands of rows in seconds, far faster than a real organisation does; autovacuum and
    # the planner's statistics then catch up for a while on the same two cores, during the measured batch. A server
    # that has been up has had that time: give it here, outside the measurement (BENCH_VACUUM=0 skips it).
    pg -d "$db" -c 'VACUUM (ANALYZE)' >/dev/null
  fi
  sign_before=$(ceiling)
  ratios=() rates=() ceilings=() peak=0
  for run in $(seq "$repeat"); do
    measured_csv "$run"
    perf_pid=""
    if [ -n "${BENCH_PERF_OUT:-}" ] && [ "$run" = 1 ]; then
      # BENCH_PERF_ALL=1 records the whole machine (the API and PostgreSQL's backends) instead of the API alone.
      perf record -F 499 -g $([ "${BENCH_PERF_ALL:-0}" = 1 ] && echo -a || echo -p "$api_pid") -o "$BENCH_PERF_OUT.$provider" >/dev/null 2>&1 &
      perf_pid=$!
      sleep 0.5
    fi
    log_from=$(wc -l <"$work/api.log")
    perf_map=/dev/null map_from=0
    [ -z "${BENCH_PERF_OUT:-}" ] || { perf_map=/tmp/perf-$api_pid.map; [ ! -f "$perf_map" ] || map_from=$(wc -l <"$perf_map"); }
    cpu0=$(api_cpu_ticks)
    pg0=$(pg_cpu_ticks)
    t0=$(date +%s.%N)
    report=$(post "$api/api/organisations/$org/bulk-batches/?kind=Awards" "$token" "text/csv" "@$work/batch.csv")
    t1=$(date +%s.%N)
    cpu1=$(api_cpu_ticks) pg1=$(pg_cpu_ticks)
    # Between the two steps the server is idle while the client reads the report (a person reviews it); that time is
    # the client's and is not counted (it is printed as client_gap_s).
    read -r batch valid <<<"$(jq -r '"\(.batch.id) \(.batch.valid)"' <<<"$report")"
    [ "$valid" = "$rows" ] || { jq '.lines[] | select(.ok|not)' <<<"$report" | head -20 >&2; die "dry run: $valid of $rows rows valid"; }
    tc=$(date +%s.%N)
    post "$api/api/organisations/$org/bulk-batches/$batch/confirm" "$token" application/json "" >/dev/null
    wait_for_batch "$batch"
    # The end is the server's own record of the last chunk's commit (same clock), not when the poll noticed it.
    finished=$(jq -r .finishedAt <<<"$progress")
    [[ $finished == *Z ]] || finished="${finished}Z" # SQLite's DateTime comes back without its kind; it is UTC.
    t2=$(date -d "$finished" +%s.%N)
    hwm_kb=$(awk '/^VmHWM/{print $2}' "/proc/$api_pid/status")
    # With BENCH_PERF_OUT the runtime lists every method it compiles: those compiled during the measurement show how
    # warm the server was (a server that has been up for a while compiles none).
    # The list is kept beside the profile, as BENCH_PERF_OUT.<provider>.jit<run>.
    if [ -n "${BENCH_PERF_OUT:-}" ] && [ -f "$perf_map" ]; then
      tail -n +$((map_from + 1)) "$perf_map" | grep -v ' stub<' | cut -d' ' -f3- >"$BENCH_PERF_OUT.$provider.jit$run" || true
      echo "JIT provider=$provider run=$run methods_compiled_during_run=$(wc -l <"$BENCH_PERF_OUT.$provider.jit$run")"
    fi
    # CPU the API used for the measured part: it moves less than wall time with other load on a shared machine.
    cpu_ms_per_row=$(awk -v a="$cpu0" -v b="$(api_cpu_ticks)" -v hz="$(getconf CLK_TCK)" -v n="$rows" 'BEGIN { printf "%.2f", (b - a) * 1000 / hz / n }')
    upload_cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v c="$pg0" -v d="$pg1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "api=%.0fms,pg=%.0fms", (b - a) * 1000 / hz, (d - c) * 1000 / hz }')
    pg_ms_per_row=$(awk -v a="$pg0" -v b="$(pg_cpu_ticks)" -v hz="$(getconf CLK_TCK)" -v n="$rows" 'BEGIN { printf "%.2f", (b - a) * 1000 / hz / n }')
    [ "$provider" = Postgres ] || { pg_ms_per_row=n/a; upload_cpu=${upload_cpu%%,pg=*}; } # PostgreSQL is not in this run
    [ -z "$perf_pid" ] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
    done_rows=$(jq -r .done <<<"$progress")
    [ "$state" = Completed ] && [ "$done_rows" = "$rows" ] || die "$provider: batch ended $state with $done_rows of $rows issued"
    sign_after=$(ceiling)
    sign_rate=$(awk -v a="$sign_before" -v b="$sign_after" 'BEGIN { printf "%.1f", (a + b) / 2 }')
    log "$provider: run $run: ceiling $sign_before signatures/s before the batch, $sign_after after"
    # End to end is the server's part of both steps: the upload with its dry run (t0..t1), then from the confirmation to
    # the last row's commit (tc..t2).
    read -r e2e upload job gap rate ratio mb <<<"$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$tc" -v n="$rows" -v s="$sign_rate" -v h="$hwm_kb" 'BEGIN {
      e = (b - a) + (c - d); printf "%.2f %.2f %.2f %.2f %.0f %.3f %.0f", e, b - a, c - d, d - b, n / e, (n / e) / s, h / 1024 }')"
    echo "RESULT provider=$provider run=$run rows=$rows end_to_end_s=$e2e upload_dry_run_s=$upload upload_cpu=$upload_cpu confirm_to_done_s=$job client_gap_s=$gap assertions_per_s=$rate rsa2t_per_s=$sign_rate rsa2t_before=$sign_before rsa2t_after=$sign_after ratio=$ratio peak_mb=$mb api_cpu_ms_per_row=$cpu_ms_per_row pg_cpu_ms_per_row=$pg_ms_per_row rsa_cpu_ms_per_signature=$(awk -v s="$sign_rate" 'BEGIN { printf "%.2f", 2000 / s }')"
    if grep -q 'built and signed in' "$work/api.log"; then
      # The measured batch's chunks only (the warm-up's are logged before it).
      tail -n +$((log_from + 1)) "$work/api.log" | grep -o 'built and signed in [0-9]* ms, stored in [0-9]* ms' | awk '{ s += $5; t += $9; n++ }
        END { printf "CHUNKS n=%d sign_ms_total=%d store_ms_total=%d (summed over concurrent jobs)\n", n, s, t }'
      tail -n +$((log_from + 1)) "$work/api.log" | grep -o "$rows rows, read in .*" | sed 's/^/UPLOAD /' || true
    fi
    ratios+=("$ratio") rates+=("$rate") ceilings+=("$sign_rate")
    [ "$mb" -le "$peak" ] || peak=$mb
    # The next batch's "before" ceiling is this one's "after".
    sign_before=$sign_after
  done
  # The median of the runs: one run on a shared machine can land several points either side.
  ratio=$(median "${ratios[@]}") rate=$(median "${rates[@]}") ceiling_median=$(median "${ceilings[@]}")
  mb=$peak
  echo "MEDIAN provider=$provider runs=$repeat ratio=$ratio (runs: ${ratios[*]}) assertions_per_s=$rate (runs: ${rates[*]}) rsa2t_per_s=$ceiling_median peak_mb=$mb"
  if [ "$provider" = Postgres ]; then
    # The issue states the target as "at least 2,500 signed assertions per second on this 2-core machine, that is at
    # least 60 % of the two-thread RSA signing rate measured in the same run": 2,500/s is 60 % of a 4,167/s ceiling.
    # The ratio is the requirement; on a machine whose two cores sign fewer than 4,167/s, 2,500/s is out of reach of
    # any code (rate = ratio x ceiling), and the ABSOLUTE line says so instead of hiding it.
    pct=$(awk -v r="$ratio" 'BEGIN { printf "%.0f", r * 100 }')
    awk -v r="$ratio" -v m="$mb" 'BEGIN { exit !(r >= 0.60 && m < 500) }' \
      && echo "REQUIREMENT PASS (median of $repeat): $pct % of the two-thread RSA rate (>= 60 %), peak $mb MB (< 500 MB), $rate assertions/s" \
      || { echo "REQUIREMENT FAIL (median of $repeat): $pct % of the two-thread RSA rate (required >= 60 %), peak $mb MB (required < 500 MB), $rate assertions/s"; status=1; }
    if awk -v n="$rate" 'BEGIN { exit !(n >= 2500) }'; then
      echo "ABSOLUTE $rate assertions/s >= 2,500/s"
    elif awk -v c="$ceiling_median" 'BEGIN { exit !(c * 0.60 < 2500) }'; then
      echo "ABSOLUTE $rate assertions/s < 2,500/s: out of reach on this machine, whose two cores sign $ceiling_median/s with nothing else to do (60 % of that is $(awk -v c="$ceiling_median" 'BEGIN { printf "%.0f", c * 0.6 }')/s; 2,500/s needs a ceiling of at least 4,167/s)"
    else
      echo "ABSOLUTE $rate assertions/s < 2,500/s although 60 % of this machine's ceiling ($ceiling_median/s) is above it"
      status=1
    fi
  fi
done
exit $status
