#include "store/db/postgres_connection.hpp"

#include "store/db/postgres_codec.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

namespace tandem::store::pg {
namespace {

// The protocol counts parameters in 16 bits.
constexpr std::size_t kMaxParams = 65535;

// Asio must never close libpq's socket: libpq closes it in PQfinish, or itself while connecting.
struct DescriptorRelease {
  asio::posix::stream_descriptor& socket;
  ~DescriptorRelease() {
    if (socket.is_open()) socket.release();
  }
};

struct ConnectWait {
  explicit ConnectWait(const asio::any_io_executor& executor) : socket(executor), timer(executor) {}
  asio::posix::stream_descriptor socket;
  asio::steady_timer timer;
  bool timed_out = false;
};

// The statement cache's key: the text, and the declared types when there are any.
std::string statement_key(std::string_view text, const EncodedParams& encoded) {
  std::string key(text);
  if (const Oid* types = encoded.types()) {
    key += '\0';  // never inside a text, which libpq ends at its first NUL
    for (int i = 0; i < encoded.count(); ++i) key += std::to_string(types[i]) + ',';
  }
  return key;
}

}  // namespace

Connection::Connection(PgConnPtr pg, const asio::any_io_executor& executor,
                       std::size_t statement_cache_size)
    : pg_(std::move(pg)), socket_(executor, PQsocket(pg_.get())), prepared_(statement_cache_size) {}

Connection::~Connection() {
  if (socket_.is_open()) socket_.release();
}

bool Connection::usable() {
  if (broken_) return false;
  for (int i = 0; i < 4 && socket_ready(socket_.native_handle(), WaitType::wait_read); ++i) {
    if (!PQconsumeInput(pg_.get())) return false;
  }
  return PQstatus(pg_.get()) == CONNECTION_OK;
}

asio::awaitable<PgResultPtr> Connection::run(bool begin, const Sql& sql, const SqlParams& params) {
  if (broken_) throw DatabaseError(Kind::unavailable, "the database connection is broken");
  if (params.size() > kMaxParams) throw DatabaseError(Kind::other, "too many parameters");
  const std::string_view text = sql.text(Dialect::postgres);
  const EncodedParams encoded(params);
  // PREPARE fixes the declared parameter types, so the same text bound with other declared
  // types (an int8[] where a text[] was) is another statement.
  const std::string key = statement_key(text, encoded);
  std::string name;
  bool prepare = false;
  if (!sql.name.empty()) {
    if (const std::string* cached = prepared_.find(key)) {
      name = *cached;
    } else {
      name = "tandem_" + std::to_string(++statements_named_);
      prepare = true;
      if (auto evicted = prepared_.make_room()) evicted_.push_back(std::move(*evicted));
    }
  }
  const std::string text_z(text);

  PGconn* c = pg_.get();
  in_flight = true;
  // DEALLOCATE runs in a pipeline segment of its own (its own SYNC), so that its failure cannot
  // touch the statement; and never inside a transaction, which a failure would abort.
  std::vector<std::string> deallocating;
  if (!in_transaction) deallocating.swap(evicted_);
  if (!deallocating.empty()) send_deallocations(deallocating);
  int commands = 0;
  int prepare_index = -1;
  if (begin) {
    in_transaction = true;
    if (!PQsendQueryParams(c, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0)) {
      fail("queueing BEGIN failed");
    }
    ++commands;
  }
  if (prepare) {
    const int typed = encoded.types() ? encoded.count() : 0;
    if (!PQsendPrepare(c, name.c_str(), text_z.c_str(), typed, encoded.types()))
      fail("queueing PREPARE failed");
    prepare_index = commands++;
  }
  const int sent = name.empty()
                       ? PQsendQueryParams(c, text_z.c_str(), encoded.count(), encoded.types(),
                                           encoded.values(), nullptr, nullptr, 0)
                       : PQsendQueryPrepared(c, name.c_str(), encoded.count(), encoded.values(),
                                             nullptr, nullptr, 0);
  if (!sent) fail("queueing the statement failed");
  ++commands;
  if (!PQpipelineSync(c)) fail("queueing SYNC failed");
  co_await flush();

  if (!deallocating.empty()) {
    // A name that is already gone (someone ran DEALLOCATE or DISCARD) is what was wanted anyway.
    for (;;) {
      PgResultPtr r = co_await next_result();
      if (PQresultStatus(r.get()) == PGRES_PIPELINE_SYNC) break;
    }
  }

  PgResultPtr last;
  std::optional<DatabaseError> error;
  std::string error_state;
  int index = 0;
  for (;;) {
    PgResultPtr r = co_await next_result();
    const ExecStatusType status = PQresultStatus(r.get());
    if (status == PGRES_PIPELINE_SYNC) break;
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
      fail("COPY is not supported");
    }
    if (status == PGRES_FATAL_ERROR) {
      if (!error) {
        const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
        error_state = state ? state : "";
        error = error_from(r.get());
      }
    } else if (index == prepare_index && status == PGRES_COMMAND_OK) {
      prepared_.insert(key, name);
    }
    if (index == commands - 1) last = std::move(r);
    ++index;
  }
  in_flight = false;
  if (error) {
    if (error->kind() == Kind::unavailable) broken_ = true;
    // invalid_sql_statement_name: someone ran DEALLOCATE; prepare afresh next time.
    if (error_state == "26000") prepared_.erase(key);
    throw *error;
  }
  if (!last) throw DatabaseError(Kind::other, "the server sent no result");
  co_return std::move(last);
}

void Connection::send_deallocations(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    // The names come from our own counter: plain identifiers, no quoting needed.
    const std::string deallocate = "DEALLOCATE " + name;
    if (!PQsendQueryParams(pg_.get(), deallocate.c_str(), 0, nullptr, nullptr, nullptr, nullptr,
                           0)) {
      fail("queueing DEALLOCATE failed");
    }
  }
  if (!PQpipelineSync(pg_.get())) fail("queueing SYNC failed");
}

asio::awaitable<void> Connection::run_script(std::string script) {
  if (broken_) throw DatabaseError(Kind::unavailable, "the database connection is broken");
  PGconn* c = pg_.get();
  in_flight = true;
  if (!PQexitPipelineMode(c)) fail("leaving pipeline mode failed");
  if (!PQsendQuery(c, script.c_str())) fail("sending the script failed");
  co_await flush();
  std::optional<DatabaseError> error;
  for (;;) {
    co_await wait_result();
    PgResultPtr r(PQgetResult(c));
    if (!r) break;
    const ExecStatusType status = PQresultStatus(r.get());
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
      fail("COPY is not supported");
    }
    if (status == PGRES_FATAL_ERROR && !error) error = error_from(r.get());
  }
  if (PQstatus(c) == CONNECTION_BAD) fail("the connection was lost");
  if (!PQenterPipelineMode(c)) fail("entering pipeline mode failed");
  in_flight = false;
  if (error) {
    if (error->kind() == Kind::unavailable) broken_ = true;
    throw *error;
  }
}

void Connection::fail(std::string_view what) {
  broken_ = true;
  throw DatabaseError(Kind::unavailable,
                      std::string(what) + ": " + trimmed(PQerrorMessage(pg_.get())));
}

DatabaseError Connection::error_from(const PGresult* r) const {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
  const char* column = PQresultErrorField(r, PG_DIAG_COLUMN_NAME);
  std::string message = trimmed(PQresultErrorMessage(r));
  // Errors without a SQLSTATE are libpq's own, raised when the connection fails.
  Kind kind = state                                   ? kind_of_sqlstate(state)
              : PQstatus(pg_.get()) == CONNECTION_BAD ? Kind::unavailable
                                                      : Kind::other;
  return DatabaseError(kind, std::move(message), constraint ? constraint : "", state ? state : "",
                       column ? column : "");
}

asio::awaitable<void> Connection::wait(WaitType type) {
  if (socket_ready(socket_.native_handle(), type)) co_return;
  ErrorCode ec;
  co_await socket_.async_wait(type, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) fail("waiting on the database socket failed: " + ec.message());
}

// Requests are small and the server reads them before answering, so waiting for writability
// alone cannot deadlock; reading what arrived meanwhile keeps libpq's buffers moving.
asio::awaitable<void> Connection::flush() {
  for (;;) {
    const int pending = PQflush(pg_.get());
    if (pending == 0) co_return;
    if (pending < 0) fail("sending to the database failed");
    co_await wait(WaitType::wait_write);
    if (!PQconsumeInput(pg_.get())) fail("reading from the database failed");
  }
}

asio::awaitable<void> Connection::wait_result() {
  while (PQisBusy(pg_.get())) {
    co_await wait(WaitType::wait_read);
    if (!PQconsumeInput(pg_.get())) fail("reading from the database failed");
  }
}

// The next result of the pipeline, past the NULL that ends each command's results.
asio::awaitable<PgResultPtr> Connection::next_result() {
  bool after_separator = false;
  for (;;) {
    co_await wait_result();
    PgResultPtr r(PQgetResult(pg_.get()));
    if (r) co_return r;
    // Two NULLs in a row mean the pipeline lost its SYNC.
    if (after_separator || PQstatus(pg_.get()) == CONNECTION_BAD) fail("the connection was lost");
    after_separator = true;
  }
}

asio::awaitable<std::unique_ptr<Connection>> connect(
    asio::any_io_executor executor, std::shared_ptr<const PostgresOptions> options) {
  const char* const keys[] = {"dbname", "fallback_application_name", nullptr};
  const char* const values[] = {options->conninfo.c_str(), "tandem", nullptr};
  PgConnPtr pg(PQconnectStartParams(keys, values, 1));
  if (!pg) throw DatabaseError(Kind::unavailable, "connecting to PostgreSQL: out of memory");
  if (PQstatus(pg.get()) == CONNECTION_BAD) {
    throw DatabaseError(Kind::unavailable,
                        "connecting to PostgreSQL failed: " + trimmed(PQerrorMessage(pg.get())));
  }
  PQsetNoticeProcessor(pg.get(), ignore_notice, nullptr);

  // The socket is wrapped afresh for every step: libpq may replace it between steps (another
  // address of the host, a retry without SSL), possibly under the same descriptor number.
  auto wait = std::make_shared<ConnectWait>(executor);
  DescriptorRelease release{wait->socket};
  wait->timer.expires_after(options->connect_timeout);
  wait->timer.async_wait([weak = std::weak_ptr<ConnectWait>(wait)](ErrorCode ec) {
    if (ec) return;
    if (auto w = weak.lock()) {
      w->timed_out = true;
      ErrorCode ignored;
      w->socket.cancel(ignored);
    }
  });
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  while (status != PGRES_POLLING_OK) {
    if (status == PGRES_POLLING_FAILED) {
      throw DatabaseError(Kind::unavailable,
                          "connecting to PostgreSQL failed: " + trimmed(PQerrorMessage(pg.get())));
    }
    if (wait->timed_out)
      throw DatabaseError(Kind::unavailable, "connecting to PostgreSQL timed out");
    const WaitType type =
        status == PGRES_POLLING_READING ? WaitType::wait_read : WaitType::wait_write;
    const int fd = PQsocket(pg.get());
    if (fd < 0) throw DatabaseError(Kind::unavailable, "connecting to PostgreSQL: no socket");
    if (!socket_ready(fd, type)) {
      ErrorCode ec;
      wait->socket.assign(fd, ec);
      if (ec) throw DatabaseError(Kind::unavailable, "connecting to PostgreSQL: " + ec.message());
      co_await wait->socket.async_wait(type, asio::redirect_error(asio::use_awaitable, ec));
      wait->socket.release();
      if (wait->timed_out) {
        throw DatabaseError(Kind::unavailable, "connecting to PostgreSQL timed out");
      }
      if (ec) throw DatabaseError(Kind::unavailable, "connecting to PostgreSQL: " + ec.message());
    }
    status = PQconnectPoll(pg.get());
  }
  wait->timer.cancel();

  if (PQsetnonblocking(pg.get(), 1) != 0 || !PQenterPipelineMode(pg.get())) {
    throw DatabaseError(Kind::unavailable, "configuring the PostgreSQL connection failed: " +
                                               trimmed(PQerrorMessage(pg.get())));
  }
  try {
    co_return std::make_unique<Connection>(std::move(pg), executor, options->statement_cache_size);
  } catch (const boost::system::system_error& e) {
    throw DatabaseError(Kind::unavailable,
                        std::string("registering the socket failed: ") + e.what());
  }
}

}  // namespace tandem::store::pg
