-- Roles are never seeded (the schemes face's contract): 0001 created 'admin' and 'gatekeeper'
-- up front; every role is now made when first granted (with a random key). The seeded rows go
-- unless someone holds them; a kept one gets the random key every role has.
DELETE FROM roles
WHERE created_at = 0 AND key IS NULL
  AND NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.role_id = roles.id);
UPDATE roles SET key = lower(hex(randomblob(16))) WHERE key IS NULL;
