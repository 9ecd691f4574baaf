#include "platform/metrics.hpp"

#include <fmt/format.h>

namespace tandem::platform {

void Histogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
  ++counts[i];
  sum += seconds;
  ++count;
}

void Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
  sum += other.sum;
  count += other.count;
}

Metrics& Metrics::instance() {
  static Metrics metrics;
  return metrics;
}

Metrics::Shard& Metrics::local_shard() {
  thread_local Shard* shard = nullptr;
  if (shard == nullptr) {
    std::lock_guard lock(shards_mutex_);
    shards_.push_back(std::make_unique<Shard>());
    shard = shards_.back().get();
  }
  return *shard;
}

void Metrics::record_request(std::string_view route, std::string_view method, int status,
                             double seconds) {
  auto& s = local_shard();
  std::string key;
  key.reserve(route.size() + method.size() + 6);
  key.append(route).push_back('\x1f');
  key.append(method).push_back('\x1f');
  key.append(std::to_string(status));
  std::lock_guard lock(s.mutex);
  ++s.requests[key];
  s.latency.observe(seconds);
}

void Metrics::record_db_wait(double seconds) {
  auto& s = local_shard();
  std::lock_guard lock(s.mutex);
  s.db_wait.observe(seconds);
}

namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void render_histogram(std::string& out, std::string_view name, std::string_view help,
                      const Histogram& h) {
  out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += h.counts[i];
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, kLatencyBuckets[i], cumulative);
  }
  cumulative += h.counts.back();
  out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name, cumulative);
  out += fmt::format("{}_sum {}\n{}_count {}\n", name, h.sum, name, h.count);
}

}  // namespace

std::string Metrics::render_prometheus() const {
  std::map<std::string, std::uint64_t> requests;
  Histogram latency, db_wait;
  {
    std::lock_guard lock(shards_mutex_);
    for (const auto& s : shards_) {
      std::lock_guard shard_lock(s->mutex);
      for (const auto& [k, v] : s->requests) requests[k] += v;
      latency.merge(s->latency);
      db_wait.merge(s->db_wait);
    }
  }
  std::string out;
  out += "# HELP tandem_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE tandem_http_requests_total counter\n";
  for (const auto& [key, count] : requests) {
    auto a = key.find('\x1f');
    auto b = key.find('\x1f', a + 1);
    out +=
        fmt::format("tandem_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                    escape_label(key.substr(0, a)), escape_label(key.substr(a + 1, b - a - 1)),
                    key.substr(b + 1), count);
  }
  render_histogram(out, "tandem_http_request_duration_seconds",
                   "Time from a parsed request to its response.", latency);
  render_histogram(out, "tandem_db_queue_wait_seconds",
                   "Time a request waited for a database connection.", db_wait);
  out += "# HELP tandem_open_connections Open HTTP connections.\n";
  out += "# TYPE tandem_open_connections gauge\n";
  out += fmt::format("tandem_open_connections {}\n", open_connections());
  std::lock_guard lock(counters_mutex_);
  for (const auto& [name, source] : counters_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, source.help, name, name,
                       source.read());
  }
  return out;
}

void Metrics::add_counter(std::string name, std::string help, std::function<std::uint64_t()> read) {
  std::lock_guard lock(counters_mutex_);
  counters_[std::move(name)] = CounterSource{std::move(help), std::move(read)};
}

void Metrics::remove_counter(const std::string& name) {
  std::lock_guard lock(counters_mutex_);
  counters_.erase(name);
}

}  // namespace tandem::platform
