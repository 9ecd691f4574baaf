-- pgbench script: the statement GET /api/v1/users/me runs on PostgreSQL (user_by_uuid in
-- src/store/user_repository.cpp), with the user's uuid as a bound parameter.
-- Run with -M prepared and -D uuid=<uuid>; bench/run.sh does both.
SELECT u.id, u.uuid, u.email, u.username, u.name, u.first_name, u.last_name, u.display_name, u.phone, u.profile_picture, u.password_hash, u.metafields, u.active, u.created_at, u.updated_at, (SELECT string_agg(r.name, chr(31) ORDER BY r.id) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS roles FROM users u WHERE u.uuid = :uuid::uuid;
