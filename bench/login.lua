-- wrk script: POST /api/v1/auth/login with a valid email and password (every request succeeds
-- and costs one Argon2id verification on the server's hash pool).
-- The driver (bench/run.sh) registers the user and passes BENCH_EMAIL and BENCH_PASSWORD; both
-- are plain ASCII without quotes or backslashes, so they are pasted into the JSON as they are.
local email = os.getenv("BENCH_EMAIL")
local password = os.getenv("BENCH_PASSWORD")
if email == nil or email == "" or password == nil or password == "" then
  error("BENCH_EMAIL and BENCH_PASSWORD must be set (run this through bench/run.sh)")
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"' .. email .. '","password":"' .. password .. '"}'
