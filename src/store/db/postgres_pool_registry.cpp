#include "store/db/postgres_pool_registry.hpp"

namespace tandem::store::pg {

asio::execution_context::id PoolRegistry::id;

std::shared_ptr<Pool> PoolRegistry::find_or_create(
    std::uint64_t database, const asio::any_io_executor& executor,
    const std::shared_ptr<const PostgresOptions>& options, bool& created) {
  std::lock_guard lock(mutex_);
  auto& pool = pools_[database];
  created = !pool;
  if (created) pool = std::make_shared<Pool>(executor, options);
  return pool;
}

void PoolRegistry::erase(std::uint64_t database) {
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

void PoolRegistry::shutdown() {
  std::unordered_map<std::uint64_t, std::shared_ptr<Pool>> pools;
  {
    std::lock_guard lock(mutex_);
    pools.swap(pools_);
  }
  for (auto& [database, pool] : pools) pool->close();
}

}  // namespace tandem::store::pg
