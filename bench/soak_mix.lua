-- wrk script: the mixed HTTP load of bench/soak.sh, on every face at once.
--
-- Each request carries `X-Request-Id: <kind>.<n>`; the server echoes it, so response() knows
-- which kind of request it answers whatever connection it came on, and counts every status
-- against that kind's expected statuses (EXPECTED below). A status outside them is an error;
-- wrk's own "Non-2xx or 3xx responses" also counts the expected 4xx, so soak.sh reads this
-- script's report instead. done() writes the counts as JSON to $SOAK_MIX_REPORT.
--
-- Inputs (environment): SOAK_SEED (the seed.env of soak_seed.py: tokens, ids, credentials),
-- SOAK_MIX_REPORT, SOAK_EVENTS_PER_SECOND (v1 task writes per second: each one is a frame to
-- every WebSocket client), SOAK_LOGINS_PER_SECOND (each one an Argon2id hash),
-- SOAK_KPI_ADDS_PER_SECOND, SOAK_KPI_FIRST_YEAR (the first year of the KPI values this run adds:
-- every add is a new (kpi, year, month), years stop at 9999, and two runs on one database need
-- different years).
-- Run with one wrk thread (-t1): the queues of created ids live in that thread.

local seed = {}
do
  local path = os.getenv("SOAK_SEED") or error("SOAK_SEED is not set (run bench/soak.sh)")
  for line in io.lines(path) do
    local key, value = line:match("^([%w_]+)=(.*)$")
    if key then seed[key] = value end
  end
end

local function id_list(text)
  local ids = {}
  for id in (text or ""):gmatch("[^,]+") do ids[#ids + 1] = id end
  assert(#ids > 0, "an id list in SOAK_SEED is empty")
  return ids
end

local admin = "Bearer " .. seed.SOAK_ADMIN_TOKEN
local member = "Bearer " .. seed.SOAK_MEMBER_TOKEN
local kpi = "Bearer " .. seed.SOAK_KPI_TOKEN
local board = "Bearer " .. seed.SOAK_BOARD_TOKEN
local project = seed.SOAK_PROJECT
local kpi_count = tonumber(seed.SOAK_KPI_COUNT)
local kpi_values = id_list(seed.SOAK_KPI_VALUE_IDS)
local board_tasks = id_list(seed.SOAK_BOARD_TASK_IDS)
local login_body = string.format('{"email":"%s","password":"%s"}', seed.SOAK_LOGIN_EMAIL,
  seed.SOAK_LOGIN_PASSWORD)
local bad_login_body = string.format('{"email":"%s","password":"not-the-password"}',
  seed.SOAK_LOGIN_EMAIL)
local events_per_second = tonumber(os.getenv("SOAK_EVENTS_PER_SECOND") or "40")
local logins_per_second = tonumber(os.getenv("SOAK_LOGINS_PER_SECOND") or "4")
local kpi_adds_per_second = tonumber(os.getenv("SOAK_KPI_ADDS_PER_SECOND") or "50")
local kpi_first_year = tonumber(os.getenv("SOAK_KPI_FIRST_YEAR") or "2100")

-- What each kind of request may answer. Everything else is an error.
EXPECTED = {
  me = { [200] = true },                -- GET /api/v1/users/me
  projects = { [200] = true },          -- GET /api/v1/projects/
  tasks = { [200] = true },             -- GET /api/v1/tasks/?project_id=
  progress = { [200] = true },          -- GET /api/v1/projects/{id}/progress
  login = { [200] = true },             -- POST /api/v1/auth/login
  bad_login = { [401] = true },         -- the same, wrong password
  project_create = { [201] = true },    -- POST /api/v1/projects/
  project_delete = { [204] = true },    -- DELETE /api/v1/projects/{id}
  task_create = { [201] = true },       -- POST /api/v1/tasks/        (a WebSocket event)
  task_move = { [200] = true },         -- PATCH /api/v1/tasks/{id}/move   (an event)
  task_update = { [200] = true },       -- PUT /api/v1/tasks/{id}     (an event)
  task_delete = { [204] = true },       -- DELETE /api/v1/tasks/{id}  (an event)
  kpi_read = { [200] = true },          -- GET /kpi_values?circle_id=1&period=this_year
  kpi_edit = { [200] = true },          -- PUT /kpi_values/{id}/edit
  kpi_add = { [201] = true },           -- POST /kpi_values/add
  board_read = { [200] = true },        -- GET /api/tasks
  board_update = { [200] = true },      -- PUT /api/tasks/{id}
  board_create = { [201] = true },      -- POST /api/tasks
  board_delete = { [200] = true },      -- DELETE /api/tasks/{id}
  v1_bad_json = { [422] = true },       -- malformed JSON body
  v1_no_auth = { [403] = true },        -- no Authorization header
  v1_bad_token = { [401] = true },      -- a token that is not a JWT
  v1_bad_uuid = { [422] = true },       -- GET /api/v1/tasks/not-a-uuid
  not_found = { [404] = true },         -- GET /api/v1/no-such-route
  kpi_bad_json = { [400] = true },      -- KPI edit with a malformed body
  board_no_auth = { [401] = true },     -- GET /api/tasks without a token
}

-- One pass over SCHEDULE is 48 requests: 60 % reads, 25 % writes, 15 % expected 4xx. The
-- budgeted slots (v1 task writes, logins, KPI value adds) turn into a users/me read once their per-second
-- budget is spent; the churn slots create or delete so that the rows they make stay bounded.
SCHEDULE = {
  "me", "kpi_read", "board_read", "tasks", "task_write", "kpi_edit",
  "projects", "board_update", "me", "v1_bad_json", "kpi_read", "board_churn",
  "progress", "task_write", "board_read", "kpi_add", "me", "login",
  "tasks", "kpi_edit", "v1_no_auth", "board_read", "project_churn", "kpi_read",
  "me", "task_write", "board_update", "not_found", "projects", "kpi_edit",
  "board_read", "v1_bad_token", "tasks", "kpi_read", "board_churn", "me",
  "task_write", "v1_bad_uuid", "progress", "kpi_add", "board_read", "kpi_bad_json",
  "me", "kpi_read", "board_no_auth", "tasks", "board_update", "login",
}

-- Per-thread state (one wrk thread).
stats = {}         -- stats["kind:status"] = count
unattributed = {}  -- stats["status"] = count, for a response without our X-Request-Id
local n = 0
local slot = 0
local live_tasks, live_board, live_projects = {}, {}, {}
local LIVE_LIMIT = 20  -- transient rows of each kind alive at once
local budget_second, spent = 0, {}
local login_turn = 0
local kpi_adds = -1
local task_turn = 0

local function take(name, per_second)
  local now = os.time()
  if now ~= budget_second then
    budget_second, spent = now, {}
  end
  local used = spent[name] or 0
  if used >= per_second then return false end
  spent[name] = used + 1
  return true
end

local function req(kind, method, path, auth, body)
  n = n + 1
  local headers = { ["X-Request-Id"] = kind .. "." .. n }
  if auth then headers["Authorization"] = auth end
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

local function pick(list) return list[n % #list + 1] end

local function me() return req("me", "GET", "/api/v1/users/me", member) end

local function task_write()
  if not take("events", events_per_second) then return me() end
  if #live_tasks < LIVE_LIMIT then
    return req("task_create", "POST", "/api/v1/tasks/", admin, string.format(
      '{"title":"soak task %d","priority":"high","project_id":"%s"}', n, project))
  end
  task_turn = task_turn + 1
  local id = table.remove(live_tasks, 1)
  local turn = task_turn % 4
  if turn == 0 then
    return req("task_delete", "DELETE", "/api/v1/tasks/" .. id, admin)
  elseif turn == 1 then
    return req("task_update", "PUT", "/api/v1/tasks/" .. id, admin,
      string.format('{"title":"soak task %d","description":"updated"}', n))
  end
  local statuses = { "in_progress", "done" }
  return req("task_move", "PATCH", "/api/v1/tasks/" .. id .. "/move", admin,
    string.format('{"new_status":"%s"}', statuses[turn - 1]))
end

local builders = {
  me = me,
  projects = function() return req("projects", "GET", "/api/v1/projects/", member) end,
  tasks = function()
    return req("tasks", "GET", "/api/v1/tasks/?project_id=" .. project .. "&limit=50", admin)
  end,
  progress = function()
    return req("progress", "GET", "/api/v1/projects/" .. project .. "/progress", member)
  end,
  login = function()
    if not take("logins", logins_per_second) then return me() end
    login_turn = login_turn + 1
    if login_turn % 2 == 0 then
      return req("bad_login", "POST", "/api/v1/auth/login", nil, bad_login_body)
    end
    return req("login", "POST", "/api/v1/auth/login", nil, login_body)
  end,
  project_churn = function()
    if #live_projects < LIVE_LIMIT then
      return req("project_create", "POST", "/api/v1/projects/", admin,
        string.format('{"name":"soak churn %d","description":"made and deleted"}', n))
    end
    return req("project_delete", "DELETE", "/api/v1/projects/" .. table.remove(live_projects, 1),
      admin)
  end,
  task_write = task_write,
  kpi_read = function()
    return req("kpi_read", "GET", "/kpi_values?circle_id=1&period=this_year", kpi)
  end,
  kpi_edit = function()
    return req("kpi_edit", "PUT", "/kpi_values/" .. pick(kpi_values) .. "/edit", kpi,
      string.format('{"value":%d.25}', n % 1000))
  end,
  kpi_add = function()
    if not take("kpi_adds", kpi_adds_per_second) then return me() end
    -- Every add a new (kpi, year, month), far from the 2023 values the reads return.
    kpi_adds = kpi_adds + 1
    local k = kpi_adds % kpi_count
    local m = math.floor(kpi_adds / kpi_count)
    return req("kpi_add", "POST", "/kpi_values/add", kpi, string.format(
      '{"kpi_id":%d,"period_year":%d,"period_month":%d,"value":%d}',
      k + 1, kpi_first_year + math.floor(m / 12), m % 12 + 1, n))
  end,
  board_read = function() return req("board_read", "GET", "/api/tasks", board) end,
  board_update = function()
    local statuses = { "todo", "in_progress", "done" }
    return req("board_update", "PUT", "/api/tasks/" .. pick(board_tasks), board,
      string.format('{"status":"%s","description":"soak %d"}', statuses[n % 3 + 1], n))
  end,
  board_churn = function()
    if #live_board < LIVE_LIMIT then
      return req("board_create", "POST", "/api/tasks", board,
        string.format('{"title":"soak board %d","priority":"medium"}', n))
    end
    return req("board_delete", "DELETE", "/api/tasks/" .. table.remove(live_board, 1), board)
  end,
  v1_bad_json = function()
    return req("v1_bad_json", "POST", "/api/v1/tasks/", admin, '{"title": "unterminated')
  end,
  v1_no_auth = function() return req("v1_no_auth", "GET", "/api/v1/users/me") end,
  v1_bad_token = function()
    return req("v1_bad_token", "GET", "/api/v1/users/me", "Bearer not.a.token")
  end,
  v1_bad_uuid = function()
    return req("v1_bad_uuid", "GET", "/api/v1/tasks/not-a-uuid", admin)
  end,
  not_found = function() return req("not_found", "GET", "/api/v1/no-such-route", member) end,
  kpi_bad_json = function()
    return req("kpi_bad_json", "PUT", "/kpi_values/" .. kpi_values[1] .. "/edit", kpi, '{"value":')
  end,
  board_no_auth = function() return req("board_no_auth", "GET", "/api/tasks") end,
}

function request()
  slot = slot % #SCHEDULE + 1
  return builders[SCHEDULE[slot]]()
end

-- Flat tables only: wrk's thread:get() cannot copy nested ones.
local function count(kind, status)
  local key = kind .. ":" .. status
  stats[key] = (stats[key] or 0) + 1
end

function response(status, headers, body)
  local rid = headers["X-Request-Id"] or headers["x-request-id"] or ""
  local kind = rid:match("^([%w_]+)%.%d+$")
  if not kind or not EXPECTED[kind] then
    local key = tostring(status)
    unattributed[key] = (unattributed[key] or 0) + 1
    return
  end
  count(kind, status)
  if not EXPECTED[kind][status] then return end
  -- Ids of the rows this run made, for the moves, updates and deletes that follow.
  if kind == "task_create" or kind == "task_move" or kind == "task_update" then
    local id = body:match('"id":"([%x-]+)"')
    if id then live_tasks[#live_tasks + 1] = id end
  elseif kind == "project_create" then
    local id = body:match('"id":"([%x-]+)"')
    if id then live_projects[#live_projects + 1] = id end
  elseif kind == "board_create" then
    local id = body:match('"id":(%d+)')
    if id then live_board[#live_board + 1] = id end
  end
end

-- Main state: collect the thread's counts and write the report.
local threads = {}
function setup(thread) threads[#threads + 1] = thread end

local function json_counts(t)
  local parts = {}
  for status, c in pairs(t) do parts[#parts + 1] = string.format('"%s":%d', status, c) end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local merged, loose = {}, {}
  for _, thread in ipairs(threads) do
    for key, c in pairs(thread:get("stats") or {}) do
      local kind, status = key:match("^(.+):(%d+)$")
      merged[kind] = merged[kind] or {}
      merged[kind][status] = (merged[kind][status] or 0) + c
    end
    for status, c in pairs(thread:get("unattributed") or {}) do
      loose[status] = (loose[status] or 0) + c
    end
  end
  local kinds, expected = {}, {}
  for kind, by_status in pairs(merged) do
    kinds[#kinds + 1] = string.format('"%s":%s', kind, json_counts(by_status))
  end
  for kind, statuses in pairs(EXPECTED) do
    local list = {}
    for status in pairs(statuses) do list[#list + 1] = tostring(status) end
    expected[#expected + 1] = string.format('"%s":[%s]', kind, table.concat(list, ","))
  end
  local out = assert(io.open(os.getenv("SOAK_MIX_REPORT") or "soak-mix.json", "w"))
  out:write(string.format(
    '{"kinds":{%s},"expected":{%s},"unattributed":%s,"requests":%d,"duration_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    table.concat(kinds, ","), table.concat(expected, ","), json_counts(loose),
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
  out:close()
end
