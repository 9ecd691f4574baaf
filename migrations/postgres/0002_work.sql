-- Work: projects, their members, tasks (v1 tasks always have a project; TeamFlow tasks have none)
-- and the activity log. Every row has an integer id (insertion order, and TeamFlow's task id)
-- plus the UUID the v1 face shows. Timestamps are microseconds since the Unix epoch, UTC.
CREATE TABLE projects (
  id BIGSERIAL PRIMARY KEY,
  uuid UUID NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  deadline DATE,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'in_progress', 'completed')),
  -- A user who created content cannot be deleted (the v1 face answers 409).
  created_by BIGINT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX projects_created_by ON projects (created_by);

CREATE TABLE project_members (
  -- Membership order (the members list is in the order members were added).
  id BIGSERIAL NOT NULL UNIQUE,
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members (user_id);

CREATE TABLE tasks (
  id BIGSERIAL PRIMARY KEY,
  uuid UUID NOT NULL UNIQUE,
  project_id BIGINT REFERENCES projects (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT,
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
  status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
  deadline DATE,
  assigned_to BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_by BIGINT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_project ON tasks (project_id);
CREATE INDEX tasks_assigned_to ON tasks (assigned_to);
CREATE INDEX tasks_created_by ON tasks (created_by);
-- TeamFlow lists every task newest first.
CREATE INDEX tasks_created_at ON tasks (created_at, id);

CREATE TABLE activity_logs (
  id BIGSERIAL PRIMARY KEY,
  uuid UUID NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  timestamp BIGINT NOT NULL
);
CREATE INDEX activity_logs_user_time ON activity_logs (user_id, timestamp DESC, id DESC);
CREATE INDEX activity_logs_time ON activity_logs (timestamp DESC, id DESC);
