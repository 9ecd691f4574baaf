-- KPI face (spec/kpi.md §1): circles, memberships, KPIs, KPI values and their change log.
-- Users and the gatekeeper role live in the identity tables (0001). Timestamps are microseconds
-- since the Unix epoch, UTC. Enums are stored by their lower-case name (spec §1.1).
CREATE TABLE circles (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE user_circles (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  circle_id BIGINT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, circle_id)
);
CREATE INDEX user_circles_circle ON user_circles (circle_id);

CREATE TABLE kpis (
  id BIGSERIAL PRIMARY KEY,
  circle_id BIGINT REFERENCES circles (id),
  name TEXT NOT NULL UNIQUE,
  periodicity TEXT NOT NULL CHECK (periodicity IN ('yearly', 'quarterly', 'monthly')),
  unit TEXT NOT NULL CHECK (unit IN ('chf', 'percentage', 'amount', 'score')),
  initial_value DOUBLE PRECISION NOT NULL DEFAULT 0,
  target_value DOUBLE PRECISION NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX kpis_circle ON kpis (circle_id);

-- One value per KPI and month: the original only checked this in code (spec §5.16).
CREATE TABLE kpi_values (
  id BIGSERIAL PRIMARY KEY,
  kpi_id BIGINT NOT NULL REFERENCES kpis (id),
  period_year INTEGER NOT NULL,
  period_month INTEGER NOT NULL CHECK (period_month BETWEEN 1 AND 12),
  value DOUBLE PRECISION NOT NULL,
  created_by_user_id BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  updated_by_user_id BIGINT REFERENCES users (id),
  updated_at BIGINT NOT NULL,
  CONSTRAINT kpi_values_period_unique UNIQUE (kpi_id, period_year, period_month)
);

-- `value` is the value written by that event (spec §5.21); NULL only for legacy rows.
CREATE TABLE change_logs (
  id BIGSERIAL PRIMARY KEY,
  kpi_value_id BIGINT NOT NULL REFERENCES kpi_values (id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users (id),
  registered_at BIGINT NOT NULL,
  activity TEXT NOT NULL,
  value DOUBLE PRECISION
);
CREATE INDEX change_logs_value ON change_logs (kpi_value_id, registered_at, id);
CREATE INDEX change_logs_registered_at ON change_logs (registered_at);
