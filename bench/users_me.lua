-- wrk script: GET /api/v1/users/me with a bearer token.
-- The driver (bench/run.sh) registers a user first and passes its access token in BENCH_TOKEN.
local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set (run this through bench/run.sh)")
end

wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token
