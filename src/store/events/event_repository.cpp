#include "store/events/event_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

const Columns<StoredEvent> kEventColumns{{"e.id", &StoredEvent::id},
                                         {"e.payload", &StoredEvent::payload}};
const Columns<EventPosition> kPositionColumns{{"txid", &EventPosition::txid},
                                              {"id", &EventPosition::id}};

// Rows whose writing transaction has finished: below the oldest transaction still running when
// the statement's snapshot was taken. SQLite's single writer leaves nothing to wait for.
std::string settled(const SqlDialect& d, std::string_view txid = "r.txid") {
  if (d.is_postgres())
    return "AND " + std::string(txid) + " < txid_snapshot_xmin(txid_current_snapshot()) ";
  return {};
}

// Columns: held_back, then txid, id, payload and the recipients joined by commas (uuids have
// none; migration 0009), NULL when the batch is empty. Every row carries held_back, and there is
// always one row: the batch is LEFT JOINed to a single row. One statement, as the relay runs it
// after every commit it hears of.
std::string relay_read_sql(const SqlDialect& d) {
  if (d.is_postgres()) {
    return "WITH horizon AS (SELECT txid_snapshot_xmin(txid_current_snapshot()) AS xmin), "
           "batch AS (SELECT e.txid, e.id, e.payload, e.recipients FROM events e WHERE (e.txid, "
           "e.id) > ($1, $2) AND e.txid < (SELECT xmin FROM horizon) ORDER BY e.txid, e.id "
           "LIMIT $3), "
           "flag AS (SELECT EXISTS (SELECT 1 FROM events WHERE txid >= (SELECT xmin FROM "
           "horizon)) AS held_back) "
           "SELECT f.held_back, b.txid, b.id, b.payload, b.recipients FROM flag f LEFT JOIN batch "
           "b ON true ORDER BY b.txid, b.id";
  }
  // SQLite's single writer holds nothing back.
  return "SELECT 0 AS held_back, b.txid, b.id, b.payload, b.recipients FROM (SELECT 1) f LEFT "
         "JOIN (SELECT txid, id, payload, recipients FROM events WHERE (txid, id) > ($1, $2) "
         "ORDER BY txid, id LIMIT $3) b ON 1 ORDER BY b.txid, b.id";
}

// Retention: the recipient rows of the events in the id list $1, found by their primary key
// from each event's own recipient list.
std::string delete_recipients_sql(const SqlDialect& d) {
  if (d.is_postgres()) {
    return "DELETE FROM event_recipients r USING (SELECT e.txid, e.id, "
           "unnest(string_to_array(e.recipients, ','))::uuid AS user_uuid FROM events e WHERE " +
           d.in_id_list("e.id", "$1") +
           ") k WHERE r.user_uuid = k.user_uuid AND r.txid = k.txid AND r.event_id = k.id";
  }
  return "DELETE FROM event_recipients WHERE (user_uuid, txid, event_id) IN (SELECT j.value, "
         "e.txid, e.id FROM events e, json_each('[\"' || replace(e.recipients, ',', '\",\"') || "
         "'\"]') j WHERE " +
         d.in_id_list("e.id", "$1") + ")";
}

struct EventStatements {
  explicit EventStatements(const SqlDialect& d)
      // PostgreSQL writes the event and its recipients in one statement (one round trip in the
      // writing transaction); SQLite has no INSERT inside WITH and needs two.
      : insert("events_insert",
               d.is_postgres()
                   ? "WITH e AS (INSERT INTO events (created_at, channel, type, payload, "
                     "recipients) VALUES ($1, $2, $3, $4::json, $6) RETURNING id, txid), r AS "
                     "(INSERT INTO event_recipients (user_uuid, txid, event_id) SELECT u::uuid, "
                     "e.txid, e.id FROM e, unnest($5::text[]) AS u) SELECT id FROM e"
                   : "INSERT INTO events (created_at, channel, type, payload, recipients) VALUES "
                     "($1, $2, $3, $4, $5) " +
                         d.returning("id")),
        // SQLite only (PostgreSQL's insert above writes the recipients too).
        insert_recipients("events_insert_recipients",
                          "INSERT INTO event_recipients (user_uuid, event_id) SELECT value, $1 "
                          "FROM json_each($2)"),
        position("events_position",
                 "SELECT " + kPositionColumns.list() + " FROM events WHERE id = $1"),
        for_user_after("events_for_user_after",
                       "SELECT " + kEventColumns.list() +
                           " FROM event_recipients r JOIN events e ON e.id = r.event_id "
                           "WHERE r.user_uuid = " +
                           d.uuid("$1") +
                           " AND (r.txid, r.event_id) > ($2, $3) AND (r.txid, r.event_id) <= ($4, "
                           "$5) " +
                           settled(d) + "ORDER BY r.txid, r.event_id LIMIT $6"),
        newest_for_user("events_newest_for_user",
                        "SELECT r.event_id FROM event_recipients r WHERE r.user_uuid = " +
                            d.uuid("$1") + " AND (r.txid, r.event_id) <= ($2, $3) " + settled(d) +
                            "ORDER BY r.txid DESC, r.event_id DESC LIMIT 1"),
        relay_read("events_relay_read", relay_read_sql(d)),
        newest_settled("events_newest_settled",
                       "SELECT " + kPositionColumns.list() + " FROM events WHERE true " +
                           settled(d, "txid") + "ORDER BY txid DESC, id DESC LIMIT 1"),
        // The batch oldest by id, of which the expired ones go: the scan is bounded by the
        // batch whether or not anything has expired (created_at follows id closely enough).
        expired("events_expired",
                "SELECT s.id FROM (SELECT id, created_at FROM events ORDER BY id LIMIT $2) s "
                "WHERE s.created_at < $1"),
        delete_recipients("events_delete_recipients", delete_recipients_sql(d)),
        delete_events("events_delete", "DELETE FROM events WHERE " + d.in_id_list("id", "$1")) {}

  Statement insert, insert_recipients, position, for_user_after, newest_for_user, relay_read,
      newest_settled, expired, delete_recipients, delete_events;
};

const EventStatements& statements(Database& db) {
  return per_dialect<EventStatements>(db.dialect());
}

}  // namespace

boost::asio::awaitable<std::int64_t> EventRepository::insert(Transaction& tx,
                                                             const NewEvent& event) {
  const auto& sql = statements(db_);
  const auto& dialect = SqlDialect::of(db_.dialect());
  std::string joined;  // the row's own copy of its recipients (migration 0009)
  for (const auto& user : event.recipients) {
    if (!joined.empty()) joined += ',';
    joined += user;
  }
  if (dialect.is_postgres()) {
    SqlParams params{event.created_at,
                     event.channel,
                     event.type,
                     event.payload,
                     dialect.text_list(event.recipients),
                     std::move(joined)};
    auto rs = co_await tx.query(sql.insert, std::move(params));
    co_return single_integer(rs);
  }
  SqlParams params{event.created_at, event.channel, event.type, event.payload, std::move(joined)};
  auto rs = co_await tx.query(sql.insert, std::move(params));
  std::int64_t id = single_integer(rs);
  SqlParams recipients{id, dialect.text_list(event.recipients)};
  auto inserted = co_await tx.query(sql.insert_recipients, std::move(recipients));
  (void)inserted;
  co_return id;
}

boost::asio::awaitable<std::optional<EventPosition>> EventRepository::position_of(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(statements(db_).position, std::move(params));
  co_return kPositionColumns.first(rs);
}

boost::asio::awaitable<std::vector<StoredEvent>> EventRepository::for_user_after(
    const std::string& user_uuid, EventPosition after, std::int64_t limit, EventPosition through) {
  SqlParams params{user_uuid, after.txid, after.id, through.txid, through.id, limit};
  auto rs = co_await db_.query(statements(db_).for_user_after, std::move(params));
  co_return kEventColumns.all(rs);
}

boost::asio::awaitable<std::optional<std::int64_t>> EventRepository::newest_for_user(
    const std::string& user_uuid, EventPosition through) {
  SqlParams params{user_uuid, through.txid, through.id};
  auto rs = co_await db_.query(statements(db_).newest_for_user, std::move(params));
  std::optional<std::int64_t> newest;
  if (!rs.empty()) newest = rs.integer(0, 0);
  co_return newest;
}

boost::asio::awaitable<EventRepository::RelayRead> EventRepository::relay_read(EventPosition after,
                                                                               std::int64_t limit) {
  SqlParams params{after.txid, after.id, limit};
  auto rs = co_await db_.query(statements(db_).relay_read, std::move(params));
  RelayRead read;
  read.events.reserve(rs.size());
  for (std::size_t row = 0; row < rs.size(); ++row) {
    read.held_back = read.held_back || rs.boolean(row, 0);
    if (rs.is_null(row, 2)) continue;  // the empty batch's one row
    RelayedEvent event{{rs.integer(row, 1), rs.integer(row, 2)}, rs.text(row, 3), {}};
    const std::string joined = rs.text(row, 4);
    for (std::size_t start = 0; start < joined.size();) {
      auto comma = joined.find(',', start);
      if (comma == std::string::npos) comma = joined.size();
      event.recipients.push_back(joined.substr(start, comma - start));
      start = comma + 1;
    }
    read.events.push_back(std::move(event));
  }
  co_return read;
}

boost::asio::awaitable<std::optional<EventPosition>> EventRepository::newest_settled() {
  auto rs = co_await db_.query(statements(db_).newest_settled, SqlParams{});
  co_return kPositionColumns.first(rs);
}

boost::asio::awaitable<std::int64_t> EventRepository::delete_expired_batch(std::int64_t cutoff,
                                                                           std::int64_t batch) {
  const auto& sql = statements(db_);
  const auto& dialect = SqlDialect::of(db_.dialect());
  auto tx = co_await db_.begin();
  SqlParams window{cutoff, batch};
  auto rs = co_await tx->query(sql.expired, std::move(window));
  std::vector<std::int64_t> ids;
  ids.reserve(rs.size());
  for (std::size_t row = 0; row < rs.size(); ++row) ids.push_back(rs.integer(row, 0));
  if (ids.empty()) co_return 0;
  SqlParams recipients{dialect.id_list(ids)};
  auto gone_recipients = co_await tx->query(sql.delete_recipients, std::move(recipients));
  (void)gone_recipients;
  SqlParams events{dialect.id_list(ids)};
  auto gone = co_await tx->query(sql.delete_events, std::move(events));
  co_await tx->commit();
  co_return gone.affected_rows;
}

}  // namespace tandem::store
