-- wrk script of scripts/bench-http.sh: every response that is not 2xx counts as an error (a redirect to the
-- login page is a failure, not a fast answer), and the run ends with one machine-readable line:
--   RESULT rps=<req/s> p50=<ms> p95=<ms> p99=<ms> requests=<n> errors=<non-2xx + socket errors>
-- The Cookie header comes from the environment (EA_BENCH_COOKIE), so the requests are signed in. Like a browser,
-- each thread keeps the sign-in cookie the portal renews (after its full security check, once a minute): sending the
-- first cookie forever would make every request after the first minute run that full check again.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    bad = 0
    local cookie = os.getenv("EA_BENCH_COOKIE")
    if cookie and #cookie > 0 then wrk.headers["Cookie"] = cookie end
end

function request()
    return wrk.format()
end

function response(status, headers, body)
    if status < 200 or status > 299 then bad = bad + 1 end
    local set = headers["Set-Cookie"] or headers["set-cookie"]
    local cookie = wrk.headers["Cookie"]
    if set and cookie then
        local value = string.match(set, "^ea%.auth=([^;]*)")
        if value and #value > 0 then
            wrk.headers["Cookie"] = string.gsub(cookie, "ea%.auth=[^;]*", function() return "ea.auth=" .. value end, 1)
        end
    end
end

function done(summary, latency, requests)
    local non2xx = 0
    for _, t in ipairs(threads) do non2xx = non2xx + (t:get("bad") or 0) end
    local e = summary.errors
    local socket = e.connect + e.read + e.write + e.timeout
    local seconds = summary.duration / 1e6
    io.write(string.format("RESULT rps=%.1f p50=%.1f p95=%.1f p99=%.1f requests=%d errors=%d\n",
        summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, summary.requests, non2xx + socket))
end
