#include "store/db/postgres_database.hpp"

#include "platform/metrics.hpp"
#include "platform/spawn_logged.hpp"
#include "store/db/postgres_change_feed.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

namespace tandem::store {
namespace {

using Kind = DatabaseError::Kind;
using WaitType = asio::posix::descriptor_base::wait_type;
using ErrorCode = boost::system::error_code;

// The bytes of "TandemMg": fixed so that every Tandem process contends for the same lock.
constexpr std::string_view kMigrationLockSql = "SELECT pg_advisory_xact_lock(6080262349404327271)";
// The protocol counts parameters in 16 bits.
constexpr std::size_t kMaxParams = 65535;

// Control statements go through the unnamed statement: a named one would cost a cache entry for
// no saving, since Parse travels in the same packet as Execute anyway.
constexpr Sql kBegin{"", "BEGIN"};
constexpr Sql kCommit{"", "COMMIT"};
constexpr Sql kRollback{"", "ROLLBACK"};
constexpr Sql kMigrationLock{"tandem_migration_lock", kMigrationLockSql};

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The default processor prints to stderr; server notices ("relation already exists, skipping")
// are expected noise for a driver.
void ignore_notice(void*, const char*) {}

// libpq reads at most one buffer per PQconsumeInput, and Asio's epoll reactor is edge-triggered:
// a wait started while unread bytes already sit in the kernel would never wake. Checking the
// level first makes every wait safe.
bool socket_ready(int fd, WaitType w) {
  pollfd p{};
  p.fd = fd;
  p.events = w == WaitType::wait_read ? POLLIN : POLLOUT;
  return ::poll(&p, 1, 0) > 0;
}

Kind kind_of_sqlstate(std::string_view state) {
  if (state == "23505") return Kind::unique_violation;
  if (state == "23503") return Kind::foreign_key_violation;
  if (state == "23502" || state == "23514") return Kind::check_violation;
  // Class 08 is the connection itself; 57P01-57P03 are the server shutting down or starting up.
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
    return Kind::unavailable;
  }
  return Kind::other;
}

ResultSet to_result_set(PGresult* r) {
  const int rows = PQntuples(r);
  const int cols = PQnfields(r);
  ResultSet set;
  if (cols > 0) {
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) names.emplace_back(PQfname(r, c));
    set = ResultSet(std::move(names));
    set.reserve_cells(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (int row = 0; row < rows; ++row) {
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(r, row, c)) {
          set.add_cell(std::nullopt);
        } else {
          set.add_cell(
              std::string(PQgetvalue(r, row, c), static_cast<std::size_t>(PQgetlength(r, row, c))));
        }
      }
    }
  }
  const char* affected = PQcmdTuples(r);
  std::from_chars(affected, affected + std::strlen(affected), set.affected_rows);
  return set;
}

// Text-format parameters. The pointers stay valid while both this and the SqlParams live.
class EncodedParams {
 public:
  explicit EncodedParams(const SqlParams& params) {
    storage_.reserve(params.size());
    values_.reserve(params.size());
    for (const auto& p : params) values_.push_back(encode(p));
  }
  int count() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }

 private:
  const char* encode(const SqlValue& value) {
    if (std::holds_alternative<std::nullptr_t>(value)) return nullptr;
    if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
    if (const auto* s = std::get_if<std::string>(&value)) {
      // Text format ends a value at its first NUL: refuse rather than store a truncated value.
      if (s->find('\0') != std::string::npos) {
        throw DatabaseError(Kind::other, "a text parameter contains a NUL byte");
      }
      return s->c_str();
    }
    char buf[32];
    char* end = buf;
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
      end = std::to_chars(buf, buf + sizeof buf, *i).ptr;
    } else {
      const double d = std::get<double>(value);
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      end = std::to_chars(buf, buf + sizeof buf, d).ptr;
    }
    return storage_.emplace_back(buf, end).c_str();
  }

  std::vector<std::string> storage_;  // reserved up front, so c_str() pointers stay put
  std::vector<const char*> values_;
};

// Asio must never close libpq's socket: libpq closes it in PQfinish, or itself while connecting.
struct DescriptorRelease {
  asio::posix::stream_descriptor& socket;
  ~DescriptorRelease() {
    if (socket.is_open()) socket.release();
  }
};

// One established connection, in non-blocking pipeline mode, bound to one event loop.
class Connection {
 public:
  Connection(PgConnPtr pg, const asio::any_io_executor& executor)
      : pg_(std::move(pg)), socket_(executor, PQsocket(pg_.get())) {}
  ~Connection() {
    if (socket_.is_open()) socket_.release();
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool broken() const { return broken_; }
  void mark_broken() { broken_ = true; }

  // Set while a request's results are still unread: such a connection cannot be reused.
  bool in_flight = false;
  // Set from BEGIN until COMMIT or ROLLBACK: the pool rolls back before reuse.
  bool in_transaction = false;

  // A connection that sat idle may have been closed by the server (restart, idle timeout,
  // pg_terminate_backend): find out before giving it to a caller.
  bool usable() {
    if (broken_) return false;
    for (int i = 0; i < 4 && socket_ready(socket_.native_handle(), WaitType::wait_read); ++i) {
      if (!PQconsumeInput(pg_.get())) return false;
    }
    return PQstatus(pg_.get()) == CONNECTION_OK;
  }

  // Runs `sql` (preceded by BEGIN when `begin` is set, and by its PREPARE the first time this
  // connection sees the statement) as one pipeline: a single round trip.
  asio::awaitable<PgResultPtr> run(bool begin, const Sql& sql, const SqlParams& params) {
    if (broken_) throw DatabaseError(Kind::unavailable, "the database connection is broken");
    if (params.size() > kMaxParams) throw DatabaseError(Kind::other, "too many parameters");
    const std::string name(sql.name);
    const std::string text(sql.text(Dialect::postgres));
    bool prepare = false;
    if (!name.empty()) {
      auto it = prepared_.find(name);
      if (it == prepared_.end()) {
        prepare = true;
      } else if (it->second != text) {
        throw DatabaseError(Kind::other, "statement name " + name + " names two different texts");
      }
    }
    const EncodedParams encoded(params);

    PGconn* c = pg_.get();
    in_flight = true;
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
      if (!PQsendPrepare(c, name.c_str(), text.c_str(), 0, nullptr))
        fail("queueing PREPARE failed");
      prepare_index = commands++;
    }
    const int sent = name.empty() ? PQsendQueryParams(c, text.c_str(), encoded.count(), nullptr,
                                                      encoded.values(), nullptr, nullptr, 0)
                                  : PQsendQueryPrepared(c, name.c_str(), encoded.count(),
                                                        encoded.values(), nullptr, nullptr, 0);
    if (!sent) fail("queueing the statement failed");
    ++commands;
    if (!PQpipelineSync(c)) fail("queueing SYNC failed");
    co_await flush();

    PgResultPtr last;
    std::optional<DatabaseError> error;
    std::string error_state;
    int index = 0;
    bool after_separator = false;
    for (;;) {
      co_await wait_result();
      PgResultPtr r(PQgetResult(c));
      if (!r) {
        // A NULL ends each command's results; two in a row mean the pipeline lost its SYNC.
        if (after_separator || PQstatus(c) == CONNECTION_BAD) fail("the connection was lost");
        after_separator = true;
        continue;
      }
      after_separator = false;
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
        prepared_.emplace(name, text);
      }
      if (index == commands - 1) last = std::move(r);
      ++index;
    }
    in_flight = false;
    if (error) {
      if (error->kind() == Kind::unavailable) broken_ = true;
      // invalid_sql_statement_name: someone ran DEALLOCATE; prepare afresh next time.
      if (error_state == "26000") prepared_.erase(name);
      throw *error;
    }
    if (!last) throw DatabaseError(Kind::other, "the server sent no result");
    co_return std::move(last);
  }

  // A multi-statement script through the simple protocol, which pipeline mode does not allow.
  asio::awaitable<void> run_script(std::string script) {
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

 private:
  [[noreturn]] void fail(std::string_view what) {
    broken_ = true;
    throw DatabaseError(Kind::unavailable,
                        std::string(what) + ": " + trimmed(PQerrorMessage(pg_.get())));
  }

  DatabaseError error_from(const PGresult* r) const {
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    std::string message = trimmed(PQresultErrorMessage(r));
    // Errors without a SQLSTATE are libpq's own, raised when the connection fails.
    Kind kind = state                                   ? kind_of_sqlstate(state)
                : PQstatus(pg_.get()) == CONNECTION_BAD ? Kind::unavailable
                                                        : Kind::other;
    return DatabaseError(kind, std::move(message), constraint ? constraint : "");
  }

  asio::awaitable<void> wait(WaitType type) {
    if (socket_ready(socket_.native_handle(), type)) co_return;
    ErrorCode ec;
    co_await socket_.async_wait(type, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) fail("waiting on the database socket failed: " + ec.message());
  }

  // Requests are small and the server reads them before answering, so waiting for writability
  // alone cannot deadlock; reading what arrived meanwhile keeps libpq's buffers moving.
  asio::awaitable<void> flush() {
    for (;;) {
      const int pending = PQflush(pg_.get());
      if (pending == 0) co_return;
      if (pending < 0) fail("sending to the database failed");
      co_await wait(WaitType::wait_write);
      if (!PQconsumeInput(pg_.get())) fail("reading from the database failed");
    }
  }

  asio::awaitable<void> wait_result() {
    while (PQisBusy(pg_.get())) {
      co_await wait(WaitType::wait_read);
      if (!PQconsumeInput(pg_.get())) fail("reading from the database failed");
    }
  }

  PgConnPtr pg_;
  asio::posix::stream_descriptor socket_;
  std::unordered_map<std::string, std::string> prepared_;  // statement name -> its text
  bool broken_ = false;
};

struct ConnectWait {
  explicit ConnectWait(const asio::any_io_executor& executor) : socket(executor), timer(executor) {}
  asio::posix::stream_descriptor socket;
  asio::steady_timer timer;
  bool timed_out = false;
};

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
    co_return std::make_unique<Connection>(std::move(pg), executor);
  } catch (const boost::system::system_error& e) {
    throw DatabaseError(Kind::unavailable,
                        std::string("registering the socket failed: ") + e.what());
  }
}

class Pool;

// A connection on loan from a pool; returning it is the destructor's job, because a destructor
// is the one place that runs on every path out of a coroutine.
class Lease {
 public:
  Lease() = default;
  Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> connection)
      : pool_(std::move(pool)), connection_(std::move(connection)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&& other) noexcept {
    if (this != &other) {
      reset();
      pool_ = std::move(other.pool_);
      connection_ = std::move(other.connection_);
    }
    return *this;
  }
  ~Lease() { reset(); }

  void reset();
  Connection* operator->() const { return connection_.get(); }
  explicit operator bool() const { return connection_ != nullptr; }

 private:
  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Connection> connection_;
};

// The connections of one Database on one event loop. Touched only from that loop's thread.
class Pool : public std::enable_shared_from_this<Pool> {
 public:
  Pool(asio::any_io_executor executor, std::shared_ptr<const PostgresOptions> options)
      : executor_(std::move(executor)),
        options_(std::move(options)),
        owner_(std::this_thread::get_id()) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  const asio::any_io_executor& executor() const { return executor_; }
  std::thread::id owner() const { return owner_; }

  static asio::awaitable<Lease> acquire(std::shared_ptr<Pool> self) {
    if (self->closed_) throw DatabaseError(Kind::unavailable, "the database is closed");
    while (!self->idle_.empty()) {
      auto c = std::move(self->idle_.back());
      self->idle_.pop_back();
      if (c->usable()) co_return Lease(self, std::move(c));
      --self->slots_;  // nobody waits while a connection is idle, so the slot simply frees
    }
    if (self->slots_ < static_cast<std::size_t>(self->options_->connections_per_loop)) {
      ++self->slots_;
      auto lease = co_await open_connection(self);
      co_return lease;
    }
    if (self->waiters_.size() >= self->options_->max_waiters_per_loop) {
      throw DatabaseError(Kind::overloaded, "too many callers are waiting for a connection");
    }
    Waiter waiter(self->executor_);
    WaiterGuard guard{*self, waiter};
    self->waiters_.push_back(&waiter);
    auto wait_started = std::chrono::steady_clock::now();
    while (!waiter.woken) {
      ErrorCode ec;
      co_await waiter.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    std::chrono::duration<double> waited = std::chrono::steady_clock::now() - wait_started;
    platform::Metrics::instance().record_db_wait(waited.count());
    waiter.claimed = true;
    if (waiter.failure) throw DatabaseError(Kind::unavailable, *waiter.failure);
    if (waiter.connection) co_return Lease(self, std::move(waiter.connection));
    auto lease = co_await open_connection(self);
    co_return lease;
  }

  void release(std::unique_ptr<Connection> connection) {
    if (!connection) return;
    if (closed_ || connection->broken() || connection->in_flight) {
      connection.reset();
      free_slot();
      return;
    }
    if (connection->in_transaction) {
      // Roll back now rather than at the next checkout: an abandoned transaction can hold row
      // locks that other loops' requests are waiting for.
      asio::co_spawn(executor_, roll_back(shared_from_this(), std::move(connection)),
                     platform::logged("postgres rollback"));
      return;
    }
    if (!waiters_.empty()) {
      Waiter* w = waiters_.front();
      waiters_.pop_front();
      w->connection = std::move(connection);
      w->woken = true;
      w->timer.cancel();
      return;
    }
    idle_.push_back(std::move(connection));
  }

  // The Database or the event loop is going away: stop lending and drop what is idle.
  void close() {
    closed_ = true;
    slots_ -= idle_.size();
    idle_.clear();
    fail_waiters("the database is closed");
  }

 private:
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& executor)
        : timer(executor, asio::steady_timer::time_point::max()) {}
    asio::steady_timer timer;
    bool woken = false;    // handed `connection`, or a slot to open one when it is null
    bool claimed = false;  // the waiting coroutine took over what it was handed
    std::unique_ptr<Connection> connection;
    std::optional<std::string> failure;
  };

  // Runs if the waiting coroutine is destroyed instead of resumed (its loop shut down).
  struct WaiterGuard {
    Pool& pool;
    Waiter& waiter;
    ~WaiterGuard() {
      if (!waiter.woken) {
        auto& q = pool.waiters_;
        q.erase(std::remove(q.begin(), q.end(), &waiter), q.end());
      } else if (!waiter.claimed && !waiter.failure) {
        if (waiter.connection) {
          pool.release(std::move(waiter.connection));
        } else {
          pool.free_slot();
        }
      }
    }
  };

  struct SlotGuard {
    Pool& pool;
    bool armed = true;
    ~SlotGuard() {
      if (armed) pool.free_slot();
    }
  };

  // Opens a connection with a slot already counted in slots_.
  static asio::awaitable<Lease> open_connection(std::shared_ptr<Pool> self) {
    SlotGuard slot{*self};
    try {
      auto connection = co_await connect(self->executor_, self->options_);
      slot.armed = false;
      co_return Lease(self, std::move(connection));
    } catch (const std::exception& e) {
      slot.armed = false;
      self->connect_failed(e.what());
      throw;
    }
  }

  static asio::awaitable<void> roll_back(std::shared_ptr<Pool> self,
                                         std::unique_ptr<Connection> connection) {
    Connection& c = *connection;
    Lease lease(self, std::move(connection));
    const SqlParams no_params;
    try {
      auto result = co_await c.run(false, kRollback, no_params);
      c.in_transaction = false;
    } catch (const std::exception&) {
      c.mark_broken();
    }
  }

  // A slot came free: the first waiter gets it to open a connection of its own.
  void free_slot() {
    if (!closed_ && !waiters_.empty()) {
      Waiter* w = waiters_.front();
      waiters_.pop_front();
      w->woken = true;
      w->timer.cancel();
      return;
    }
    --slots_;
  }

  // When nothing is left that could ever serve the queue, fail it now instead of leaving it to
  // wait forever; otherwise the live connections will serve it in turn.
  void connect_failed(const std::string& message) {
    --slots_;
    if (slots_ == 0) fail_waiters(message);
  }

  void fail_waiters(const std::string& message) {
    while (!waiters_.empty()) {
      Waiter* w = waiters_.front();
      waiters_.pop_front();
      w->woken = true;
      w->failure = message;
      w->timer.cancel();
    }
  }

  asio::any_io_executor executor_;
  std::shared_ptr<const PostgresOptions> options_;
  std::thread::id owner_;
  std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
  std::size_t slots_ = 0;                          // connections open or being opened
  std::deque<Waiter*> waiters_;
  bool closed_ = false;
};

void Lease::reset() {
  if (connection_) pool_->release(std::move(connection_));
  pool_.reset();
}

// Per event loop (an Asio service lives exactly as long as its io_context): the pools of every
// Database used on that loop. Tying pools to the io_context rather than the thread means a
// connection can never outlive the reactor its socket is registered with.
class PoolRegistry : public asio::execution_context::service {
 public:
  static asio::execution_context::id id;

  explicit PoolRegistry(asio::execution_context& context) : service(context) {}

  std::shared_ptr<Pool> find_or_create(std::uint64_t database,
                                       const asio::any_io_executor& executor,
                                       const std::shared_ptr<const PostgresOptions>& options,
                                       bool& created) {
    std::lock_guard lock(mutex_);
    auto& pool = pools_[database];
    created = !pool;
    if (created) pool = std::make_shared<Pool>(executor, options);
    return pool;
  }

  void erase(std::uint64_t database) {
    std::shared_ptr<Pool> pool;
    {
      std::lock_guard lock(mutex_);
      auto it = pools_.find(database);
      if (it == pools_.end()) return;
      pool = std::move(it->second);
      pools_.erase(it);
    }
    pool->close();
  }

 private:
  void shutdown() override {
    std::unordered_map<std::uint64_t, std::shared_ptr<Pool>> pools;
    {
      std::lock_guard lock(mutex_);
      pools.swap(pools_);
    }
    for (auto& [database, pool] : pools) pool->close();
  }

  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Pool>> pools_;
};

asio::execution_context::id PoolRegistry::id;

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(Lease lease, PostgresChangeFeed& changes)
      : lease_(std::move(lease)), changes_(changes) {}

  // BEGIN travels in the same pipeline as the first statement, saving a round trip; the
  // snapshot is taken at the first statement either way.
  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override {
    check_usable();
    const bool send_begin = !begun_;
    begun_ = true;
    failed_ = true;  // stays set if the statement throws: PostgreSQL has aborted the transaction
    auto result = co_await lease_->run(send_begin, sql, params);
    failed_ = false;
    effect_ = combine(effect_, classify_statement(sql.text(Dialect::postgres)));
    co_return to_result_set(result.get());
  }

  asio::awaitable<void> commit() override {
    check_usable();
    finished_ = true;
    if (!begun_) {
      lease_.reset();
      co_return;
    }
    const SqlParams no_params;
    std::string status;
    try {
      auto result = co_await lease_->run(false, kCommit, no_params);
      status = PQcmdStatus(result.get());
    } catch (const DatabaseError& e) {
      // A COMMIT that fails has ended the transaction on the server all the same. When the
      // connection broke, the server may have committed before the answer was lost: announce
      // it, as a needless cache miss is cheap and a stale answer is not.
      lease_->in_transaction = false;
      lease_.reset();
      if (e.kind() == Kind::unavailable) changes_.note_local_commit(effect_);
      throw;
    }
    lease_->in_transaction = false;
    lease_.reset();
    // COMMIT of an aborted transaction answers "ROLLBACK" rather than an error.
    if (status != "COMMIT") {
      throw DatabaseError(Kind::other, "the transaction was rolled back instead of committed");
    }
    changes_.note_local_commit(effect_);
  }

  asio::awaitable<void> run_script(std::string script) {
    check_usable();
    failed_ = true;
    if (!begun_) {
      begun_ = true;
      lease_->in_transaction = true;
      const SqlParams no_params;
      auto begun = co_await lease_->run(false, kBegin, no_params);
    }
    co_await lease_->run_script(std::move(script));
    failed_ = false;
    effect_ = StatementEffect::users;  // a script (a migration) may change anything
  }

 private:
  void check_usable() const {
    if (finished_) throw DatabaseError(Kind::other, "the transaction has already ended");
    if (failed_)
      throw DatabaseError(Kind::other, "the transaction was aborted by an earlier error");
  }

  Lease lease_;
  PostgresChangeFeed& changes_;
  StatementEffect effect_ = StatementEffect::none;
  bool begun_ = false;
  bool failed_ = false;
  bool finished_ = false;
};

PostgresTransaction& postgres_transaction(Transaction& tx) {
  auto* pg = dynamic_cast<PostgresTransaction*>(&tx);
  if (!pg) throw DatabaseError(Kind::other, "not a PostgreSQL transaction");
  return *pg;
}

std::atomic<std::uint64_t> next_database_id{1};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const PostgresOptions& options)
      : id_(next_database_id.fetch_add(1)),
        options_(std::make_shared<const PostgresOptions>(options)),
        changes_(options.conninfo, options.connect_timeout) {}

  ~PostgresDatabase() override {
    std::lock_guard lock(mutex_);
    for (auto& ref : pools_) {
      auto pool = ref.pool.lock();
      if (!pool) continue;  // its event loop has shut down and closed it already
      if (pool->owner() == std::this_thread::get_id()) {
        // The loop's own thread is here, so the loop is not running: close it synchronously.
        ref.registry->erase(id_);
      } else {
        asio::post(pool->executor(), [registry = ref.registry, id = id_] { registry->erase(id); });
      }
    }
  }

  Dialect dialect() const override { return Dialect::postgres; }

  std::uint64_t data_version(DataScope scope) const override {
    return changes_.data_version(scope);
  }

  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override {
    auto executor = co_await asio::this_coro::executor;
    auto pool = pool_for(executor);
    auto lease = co_await Pool::acquire(pool);
    const StatementEffect effect = classify_statement(sql.text(Dialect::postgres));
    PgResultPtr result;
    try {
      auto answered = co_await lease->run(false, sql, params);
      result = std::move(answered);
    } catch (const DatabaseError& e) {
      // A write whose answer was lost with the connection may have committed (see commit()).
      if (e.kind() == Kind::unavailable) changes_.note_local_commit(effect);
      throw;
    }
    lease.reset();
    changes_.note_local_commit(effect);
    co_return to_result_set(result.get());
  }

  asio::awaitable<std::unique_ptr<Transaction>> begin() override {
    auto executor = co_await asio::this_coro::executor;
    auto pool = pool_for(executor);
    auto lease = co_await Pool::acquire(pool);
    co_return std::make_unique<PostgresTransaction>(std::move(lease), changes_);
  }

  asio::awaitable<void> execute_script(Transaction& tx, std::string_view script) override {
    auto& pg = postgres_transaction(tx);
    co_await pg.run_script(std::string(script));
  }

  asio::awaitable<void> lock_for_migrations(Transaction& tx) override {
    const SqlParams no_params;
    auto result = co_await tx.query(kMigrationLock, no_params);
  }

 private:
  struct PoolRef {
    std::weak_ptr<Pool> pool;
    PoolRegistry* registry;
  };

  std::shared_ptr<Pool> pool_for(const asio::any_io_executor& executor) {
    auto& context = asio::query(executor, asio::execution::context);
    if (!asio::has_service<PoolRegistry>(context)) {
      // Creating a timer first makes the reactor older than the registry, so the registry shuts
      // down first and closes its pools while coroutines still hold leases on them; the leases
      // then drop their connections instead of scheduling rollbacks on a dying loop.
      asio::steady_timer reactor_first(executor);
    }
    auto& registry = asio::use_service<PoolRegistry>(context);
    bool created = false;
    auto pool = registry.find_or_create(id_, executor, options_, created);
    if (created) {
      std::lock_guard lock(mutex_);
      std::erase_if(pools_, [](const PoolRef& ref) { return ref.pool.expired(); });
      pools_.push_back({pool, &registry});
    }
    return pool;
  }

  const std::uint64_t id_;
  const std::shared_ptr<const PostgresOptions> options_;
  std::mutex mutex_;
  std::vector<PoolRef> pools_;
  PostgresChangeFeed changes_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const PostgresOptions& options) {
  if (options.connections_per_loop < 1) {
    throw std::invalid_argument("PostgreSQL: connections_per_loop must be at least 1");
  }
  if (options.connect_timeout.count() <= 0) {
    throw std::invalid_argument("PostgreSQL: connect_timeout must be positive");
  }
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.conninfo.c_str(), &error);
  if (!parsed) {
    std::string message = "PostgreSQL: invalid connection string: " + trimmed(error);
    PQfreemem(error);
    throw std::invalid_argument(message);
  }
  PQconninfoFree(parsed);
  return std::make_unique<PostgresDatabase>(options);
}

}  // namespace tandem::store
