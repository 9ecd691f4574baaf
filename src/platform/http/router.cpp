#include "platform/http/router.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace tandem::http {

namespace {

enum class ParamType { any, integer, uuid };

constexpr std::size_t kMethodCount = 8;

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool matches_type(ParamType type, std::string_view seg) {
  if (seg.empty()) return false;
  switch (type) {
    case ParamType::any:
      return true;
    case ParamType::integer:
      return seg.size() <= 18 &&
             std::all_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; });
    case ParamType::uuid: {
      if (seg.size() != 36) return false;
      for (std::size_t i = 0; i < 36; ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? seg[i] != '-' : !is_hex(seg[i])) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  struct ParamChild {
    std::string name;
    ParamType type;
    std::unique_ptr<Node> node;
  };
  std::vector<ParamChild> params;
  std::array<const Route*, kMethodCount> handlers{};

  bool has_any_handler() const {
    return std::any_of(handlers.begin(), handlers.end(), [](auto* r) { return r != nullptr; });
  }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::add(Method method, std::string_view pattern, Handler handler, RouteDoc doc,
                 SlashPolicy slash) {
  auto route = std::make_unique<Route>(
      Route{method, std::string(pattern), std::move(handler), std::move(doc)});
  insert(method, pattern, route.get());
  if (slash == SlashPolicy::both && pattern.size() > 1) {
    std::string other(pattern);
    if (other.back() == '/')
      other.pop_back();
    else
      other.push_back('/');
    insert(method, other, route.get());
  }
  routes_.push_back(std::move(route));
}

void Router::insert(Method method, std::string_view pattern, const Route* route) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  Node* node = root_.get();
  if (pattern != "/") {
    for (auto seg : split_segments(pattern)) {
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        std::string_view inner = seg.substr(1, seg.size() - 2);
        auto colon = inner.find(':');
        std::string name(inner.substr(0, colon));
        ParamType type = ParamType::any;
        if (colon != std::string_view::npos) {
          auto t = inner.substr(colon + 1);
          if (t == "int")
            type = ParamType::integer;
          else if (t == "uuid")
            type = ParamType::uuid;
          else
            throw std::invalid_argument("unknown parameter type in " + std::string(pattern));
        }
        auto it = std::find_if(node->params.begin(), node->params.end(),
                               [&](const auto& p) { return p.name == name && p.type == type; });
        if (it == node->params.end()) {
          node->params.push_back({name, type, std::make_unique<Node>()});
          it = std::prev(node->params.end());
        }
        node = it->node.get();
      } else {
        auto it = node->literals.find(seg);
        if (it == node->literals.end())
          it = node->literals.emplace(std::string(seg), std::make_unique<Node>()).first;
        node = it->second.get();
      }
    }
  }
  auto& slot = node->handlers[static_cast<std::size_t>(method)];
  if (slot != nullptr)
    throw std::invalid_argument("duplicate route " + std::string(method_name(method)) + " " +
                                std::string(pattern));
  slot = route;
}

namespace {

// Depth-first search, literals before parameters, returning the first node that matches the
// whole path; parameters are collected on the way.
template <typename NodeT>
const NodeT* find_node(const NodeT* node, const std::vector<std::string_view>& segs, std::size_t i,
                       std::vector<PathParam>& params) {
  if (i == segs.size()) return node->has_any_handler() ? node : nullptr;
  if (auto it = node->literals.find(segs[i]); it != node->literals.end()) {
    if (auto* found = find_node(it->second.get(), segs, i + 1, params)) return found;
  }
  for (const auto& p : node->params) {
    if (!matches_type(p.type, segs[i])) continue;
    params.push_back({p.name, std::string(segs[i])});
    if (auto* found = find_node(p.node.get(), segs, i + 1, params)) return found;
    params.pop_back();
  }
  return nullptr;
}

}  // namespace

Router::Match Router::find(Method method, std::string_view path) const {
  Match m;
  if (path.empty() || path.front() != '/') return m;
  const Node* node = root_.get();
  if (path != "/") {
    auto segs = split_segments(path);
    node = find_node(root_.get(), segs, 0, m.params);
  } else if (!node->has_any_handler()) {
    node = nullptr;
  }
  if (node == nullptr) {
    m.params.clear();
    return m;
  }
  const Route* r = node->handlers[static_cast<std::size_t>(method)];
  if (r == nullptr && method == Method::head)
    r = node->handlers[static_cast<std::size_t>(Method::get)];
  if (r != nullptr) {
    m.outcome = Outcome::found;
    m.route = r;
    return m;
  }
  m.outcome = Outcome::method_not_allowed;
  m.params.clear();
  for (std::size_t i = 0; i < kMethodCount; ++i) {
    if (node->handlers[i] != nullptr) m.allowed.push_back(static_cast<Method>(i));
  }
  return m;
}

}  // namespace tandem::http
