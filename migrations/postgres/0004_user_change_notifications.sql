-- Announces every change to the rows authentication reads (users, roles, user_roles) on the
-- channel that Tandem instances listen to (store/postgres_change_feed.cpp), whoever makes it:
-- Tandem, a CLI command, or an operator with psql. Each instance's short user cache then drops
-- the old rows when the change commits, so a deleted or deactivated user loses access at once.
-- Tandem announces its other writes itself after they commit: notifying inside a transaction
-- serialises commits, which these rarely written tables can afford and the others could not.
CREATE FUNCTION tandem_announce_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tandem_data_changed', 'users');
  RETURN NULL;
END
$$;

CREATE TRIGGER users_announce_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_announce_user_change();
CREATE TRIGGER roles_announce_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_announce_user_change();
CREATE TRIGGER user_roles_announce_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON user_roles FOR EACH STATEMENT EXECUTE FUNCTION tandem_announce_user_change();
