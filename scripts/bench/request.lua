-- wrk script for make bench: the request comes from the environment, the result goes to stdout as one JSON line.
--   BENCH_METHOD (GET), BENCH_BODY, BENCH_CONTENT_TYPE, BENCH_TOKEN (sent as a Bearer token; never printed)
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
    wrk.body = body
    wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
end
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
        '"status_errors": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
        latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
