#pragma once
// Per event loop (an Asio service lives exactly as long as its io_context): the pools of every
// PostgreSQL Database used on that loop. Tying pools to the io_context rather than the thread
// means a connection can never outlive the reactor its socket is registered with.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution_context.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "store/db/postgres_pool.hpp"

namespace tandem::store::pg {

class PoolRegistry : public asio::execution_context::service {
 public:
  static asio::execution_context::id id;

  explicit PoolRegistry(asio::execution_context& context) : service(context) {}

  std::shared_ptr<Pool> find_or_create(std::uint64_t database,
                                       const asio::any_io_executor& executor,
                                       const std::shared_ptr<const PostgresOptions>& options,
                                       bool& created);

  void erase(std::uint64_t database);

 private:
  void shutdown() override;

  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Pool>> pools_;
};

}  // namespace tandem::store::pg
