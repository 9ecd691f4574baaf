-- KPI face (spec/kpi.md §1): circles, memberships, KPIs, KPI values and their change log.
-- Users and the gatekeeper role live in the identity tables (0001). Timestamps are microseconds
-- since the Unix epoch, UTC. Enums are stored by their lower-case name (spec §1.1).
CREATE TABLE circles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE user_circles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  circle_id INTEGER NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, circle_id)
);
CREATE INDEX user_circles_circle ON user_circles (circle_id);

CREATE TABLE kpis (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  circle_id INTEGER REFERENCES circles (id),
  name TEXT NOT NULL UNIQUE,
  periodicity TEXT NOT NULL CHECK (periodicity IN ('yearly', 'quarterly', 'monthly')),
  unit TEXT NOT NULL CHECK (unit IN ('chf', 'percentage', 'amount', 'score')),
  initial_value REAL NOT NULL DEFAULT 0,
  target_value REAL NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kpis_circle ON kpis (circle_id);

-- One value per KPI and month: the original only checked this in code (spec §5.16).
CREATE TABLE kpi_values (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kpi_id INTEGER NOT NULL REFERENCES kpis (id),
  period_year INTEGER NOT NULL,
  period_month INTEGER NOT NULL CHECK (period_month BETWEEN 1 AND 12),
  value REAL NOT NULL,
  created_by_user_id INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_by_user_id INTEGER REFERENCES users (id),
  updated_at INTEGER NOT NULL,
  CONSTRAINT kpi_values_period_unique UNIQUE (kpi_id, period_year, period_month)
);

-- `value` is the value written by that event (spec §5.21); NULL only for legacy rows.
CREATE TABLE change_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kpi_value_id INTEGER NOT NULL REFERENCES kpi_values (id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users (id),
  registered_at INTEGER NOT NULL,
  activity TEXT NOT NULL,
  value REAL
);
CREATE INDEX change_logs_value ON change_logs (kpi_value_id, registered_at, id);
CREATE INDEX change_logs_registered_at ON change_logs (registered_at);
