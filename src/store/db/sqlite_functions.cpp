#include "store/db/sqlite_functions.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

#include "store/db/database.hpp"
#include "store/db/jsonb_semantics.hpp"
#include "store/db/like_match.hpp"

namespace tandem::store::sqlite {

namespace {

namespace json = boost::json;

// An argument's text; integers and reals read as their decimal text, which is also their JSON.
std::string_view text_of(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_value_bytes(value))};
}

bool any_null(int argc, sqlite3_value** argv) {
  for (int i = 0; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return true;
  }
  return false;
}

std::optional<json::value> parse(sqlite3_value* value) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text_of(value), ec);
  if (ec) return std::nullopt;
  return parsed;
}

// Runs `answer` on the arguments and sets its result: NULL for NULL arguments, an error for a
// failure (out of memory; LikeEscapeError), otherwise the boolean or NULL it returns.
template <typename Answer>
void respond(sqlite3_context* context, int argc, sqlite3_value** argv, Answer answer) {
  if (any_null(argc, argv)) {
    sqlite3_result_null(context);
    return;
  }
  try {
    const std::optional<bool> result = answer(argv);
    if (result.has_value()) {
      sqlite3_result_int(context, *result ? 1 : 0);
    } else {
      sqlite3_result_null(context);
    }
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  } catch (const std::exception& e) {
    sqlite3_result_error(context, e.what(), -1);
  }
}

// The strings of a JSON array of keys (?| and ?& take a text[]; SQLite binds it as JSON).
// Elements that are not strings are skipped, as PostgreSQL skips NULL elements of a text[].
std::optional<std::vector<std::string>> keys_of(sqlite3_value* value) {
  auto parsed = parse(value);
  if (!parsed || !parsed->is_array()) return std::nullopt;
  std::vector<std::string> keys;
  for (const auto& element : parsed->get_array()) {
    if (element.is_string()) keys.emplace_back(element.get_string());
  }
  return keys;
}

void json_contains(sqlite3_context* context, int argc, sqlite3_value** argv) {
  respond(context, argc, argv, [](sqlite3_value** args) -> std::optional<bool> {
    auto doc = parse(args[0]);
    auto other = parse(args[1]);
    if (!doc || !other) return std::nullopt;
    return jsonb_contains(*doc, *other);
  });
}

void json_equal(sqlite3_context* context, int argc, sqlite3_value** argv) {
  respond(context, argc, argv, [](sqlite3_value** args) -> std::optional<bool> {
    auto a = parse(args[0]);
    auto b = parse(args[1]);
    if (!a || !b) return std::nullopt;
    return jsonb_equal(*a, *b);
  });
}

void json_has_key(sqlite3_context* context, int argc, sqlite3_value** argv) {
  respond(context, argc, argv, [](sqlite3_value** args) -> std::optional<bool> {
    auto doc = parse(args[0]);
    if (!doc) return std::nullopt;
    return jsonb_has_key(*doc, text_of(args[1]));
  });
}

// ?| and ?&: whether any (all) of the keys is a key of the document.
template <bool kAll>
void json_has_keys(sqlite3_context* context, int argc, sqlite3_value** argv) {
  respond(context, argc, argv, [](sqlite3_value** args) -> std::optional<bool> {
    auto doc = parse(args[0]);
    auto keys = keys_of(args[1]);
    if (!doc || !keys) return std::nullopt;
    for (const auto& key : *keys) {
      if (jsonb_has_key(*doc, key) != kAll) return !kAll;
    }
    return kAll;
  });
}

void like(sqlite3_context* context, int argc, sqlite3_value** argv) {
  respond(context, argc, argv, [](sqlite3_value** args) -> std::optional<bool> {
    return like_matches(text_of(args[0]), text_of(args[1]));
  });
}

void ilike(sqlite3_context* context, int argc, sqlite3_value** argv) {
  respond(context, argc, argv, [](sqlite3_value** args) -> std::optional<bool> {
    return ilike_matches(text_of(args[0]), text_of(args[1]));
  });
}

using Function = void (*)(sqlite3_context*, int, sqlite3_value**);
struct Registration {
  const char* name;
  int arguments;
  Function function;
};
constexpr Registration kFunctions[] = {
    {"tandem_json_contains", 2, json_contains},
    {"tandem_json_has_key", 2, json_has_key},
    {"tandem_json_has_any", 2, json_has_keys<false>},
    {"tandem_json_has_all", 2, json_has_keys<true>},
    {"tandem_json_equal", 2, json_equal},
    {"tandem_like", 2, like},
    {"tandem_ilike", 2, ilike},
};

}  // namespace

void register_functions(sqlite3* db) {
  // Deterministic: SQLite may use them in indexes and factor them out of loops. Innocuous: they
  // read nothing but their arguments, so they are safe in views and triggers.
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  for (const auto& f : kFunctions) {
    const int rc = sqlite3_create_function_v2(db, f.name, f.arguments, kFlags, nullptr, f.function,
                                              nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      throw DatabaseError(DatabaseError::Kind::other,
                          std::string("registering ") + f.name + ": " + sqlite3_errstr(rc));
    }
  }
}

}  // namespace tandem::store::sqlite
