-- Work: projects, their members, tasks (v1 tasks always have a project; TeamFlow tasks have none)
-- and the activity log. Every row has an integer id (insertion order, and TeamFlow's task id)
-- plus the UUID the v1 face shows. Timestamps are microseconds since the Unix epoch, UTC; dates
-- are 'YYYY-MM-DD'.
CREATE TABLE projects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  deadline TEXT,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'in_progress', 'completed')),
  -- A user who created content cannot be deleted (the v1 face answers 409). NO ACTION rather
  -- than RESTRICT: SQLite implements RESTRICT as a trigger, whose error does not say "foreign
  -- key"; NO ACTION is checked at the end of the statement, after the other references cascade.
  created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE NO ACTION,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX projects_created_by ON projects (created_by);

CREATE TABLE project_members (
  -- Membership order (the members list is in the order members were added).
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  UNIQUE (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members (user_id);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT,
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
  status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
  deadline TEXT,
  assigned_to INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE NO ACTION,  -- as projects
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tasks_project ON tasks (project_id);
CREATE INDEX tasks_assigned_to ON tasks (assigned_to);
CREATE INDEX tasks_created_by ON tasks (created_by);
-- TeamFlow lists every task newest first.
CREATE INDEX tasks_created_at ON tasks (created_at, id);

CREATE TABLE activity_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX activity_logs_user_time ON activity_logs (user_id, timestamp DESC, id DESC);
CREATE INDEX activity_logs_time ON activity_logs (timestamp DESC, id DESC);
