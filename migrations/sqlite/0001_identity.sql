-- Identity: one users table for every face, roles, revoked tokens, instance settings.
-- Timestamps are microseconds since the Unix epoch, UTC.
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  email TEXT,
  username TEXT UNIQUE,
  name TEXT,
  first_name TEXT,
  last_name TEXT,
  display_name TEXT,
  phone TEXT,
  profile_picture TEXT,
  password_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  metafields TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Email is unique case-insensitively and optional (TeamFlow signups have none).
CREATE UNIQUE INDEX users_email_ci ON users (lower(email));

CREATE TABLE roles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  key TEXT,
  metafields TEXT,
  created_at INTEGER NOT NULL
);
-- Role names compare case-insensitively and keep the spelling they were created with.
CREATE UNIQUE INDEX roles_name_ci ON roles (lower(name));

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles (role_id);

CREATE TABLE revoked_tokens (
  jti TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL
);
CREATE INDEX revoked_tokens_revoked_at ON revoked_tokens (revoked_at);
CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);

CREATE TABLE instance_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO roles (name, key, created_at) VALUES ('admin', NULL, 0), ('gatekeeper', NULL, 0);
