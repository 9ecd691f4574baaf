-- TeamFlow board load for bench/teamflow.sh. BENCH_TOKEN: a TeamFlow token; BENCH_METHOD: GET
-- lists /api/tasks (every task, newest first), POST creates a task with the client's full body.
local method = os.getenv("BENCH_METHOD") or "GET"
local n = 0
wrk.method = method
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
if method == "POST" then
  wrk.headers["Content-Type"] = "application/json"
  local priorities = { "low", "medium", "high" }
  request = function()
    n = n + 1
    return wrk.format(nil, nil, nil, string.format(
      '{"title":"bench task %d","description":"made under load","priority":"%s","status":"todo"}',
      n, priorities[n % 3 + 1]))
  end
end
