#pragma once
// Prometheus metrics. Each event loop thread records into its own shard, so the hot path takes
// no shared lock; a scrape merges the shards.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::platform {

// Upper bounds in seconds, shared by every latency histogram.
inline constexpr std::array<double, 14> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

struct Histogram {
  std::array<std::uint64_t, kLatencyBuckets.size() + 1> counts{};  // last: +Inf
  double sum = 0;
  std::uint64_t count = 0;
  void observe(double seconds);
  void merge(const Histogram& other);
};

class Metrics {
 public:
  static Metrics& instance();

  void record_request(std::string_view route, std::string_view method, int status, double seconds);
  void record_db_wait(double seconds);
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  std::int64_t open_connections() const { return open_connections_.load(); }

  // A counter kept elsewhere (e.g. by the Redis client), read at each scrape. The source must
  // outlive the scrapes: register it for the process's lifetime, or remove it before it goes.
  void add_counter(std::string name, std::string help, std::function<std::uint64_t()> read);
  void remove_counter(const std::string& name);

  std::string render_prometheus() const;

 private:
  struct Shard {
    std::mutex mutex;                               // uncontended except during a scrape
    std::map<std::string, std::uint64_t> requests;  // key: route \x1f method \x1f status
    Histogram latency;
    Histogram db_wait;
  };
  Shard& local_shard();

  mutable std::mutex shards_mutex_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::int64_t> open_connections_{0};
  struct CounterSource {
    std::string help;
    std::function<std::uint64_t()> read;
  };
  mutable std::mutex counters_mutex_;
  std::map<std::string, CounterSource> counters_;
};

}  // namespace tandem::platform
