-- Identity: one users table for every face, roles, revoked tokens, instance settings.
-- Timestamps are microseconds since the Unix epoch, UTC.
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  uuid UUID NOT NULL UNIQUE,
  email TEXT,
  username TEXT UNIQUE,
  name TEXT,
  first_name TEXT,
  last_name TEXT,
  display_name TEXT,
  phone TEXT,
  profile_picture TEXT,
  password_hash TEXT,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  metafields JSONB,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Email is unique case-insensitively and optional (TeamFlow signups have none).
CREATE UNIQUE INDEX users_email_ci ON users (lower(email));

CREATE TABLE roles (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  key TEXT,
  metafields JSONB,
  created_at BIGINT NOT NULL
);
-- Role names compare case-insensitively and keep the spelling they were created with.
CREATE UNIQUE INDEX roles_name_ci ON roles (lower(name));

CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles (role_id);

CREATE TABLE revoked_tokens (
  jti TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL
);
CREATE INDEX revoked_tokens_revoked_at ON revoked_tokens (revoked_at);
CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);

CREATE TABLE instance_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO roles (name, key, created_at) VALUES ('admin', NULL, 0), ('gatekeeper', NULL, 0);
