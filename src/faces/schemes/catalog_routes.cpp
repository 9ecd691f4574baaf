#include "faces/schemes/catalog_routes.hpp"

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "faces/schemes/schemes_envelope.hpp"
#include "faces/schemes/schemes_errors.hpp"
#include "faces/schemes/schemes_handler.hpp"
#include "faces/schemes/schemes_request.hpp"
#include "faces/schemes/schemes_schemas.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::schemes {

namespace json = boost::json;
using domain::catalog::DeleteOne;
using domain::catalog::GetItems;
using domain::catalog::UpdateOne;
using http::Request;
using http::Response;

namespace {

// What the page cache keeps: small requests (the client's are well under this) with answers of
// at most kMaxCachedAnswer bytes, so the default 256 entries stay within 64 MiB.
constexpr std::size_t kMaxCachedRequest = 4096;
constexpr std::size_t kMaxCachedAnswer = 256 * 1024;

// Who asks decides what they may see (a non-admin's User rows, Role.key), so the caller is part
// of the key; the Content-Type (checked before the body is read) and the body are taken as sent,
// so only a request that passed every check before can hit (a byte-different equivalent one only
// misses).
std::optional<std::string> item_page_key(const domain::catalog::Caller& caller,
                                         const Request& req) {
  const auto content_type = req.header("content-type").value_or("");
  if (req.body.size() + content_type.size() > kMaxCachedRequest) return std::nullopt;
  std::string key = std::to_string(caller.user_id);
  key += caller.admin ? "|admin|" : "|user|";
  key += content_type;
  key += '\n';
  key += req.body;
  return key;
}

boost::asio::awaitable<Response> handle_get_items(SchemesContext& ctx, Request& req,
                                                  SchemesCall& call) {
  const auto page_key = ctx.settings.page_cache_entries > 0 ? item_page_key(call.caller, req)
                                                            : std::optional<std::string>();
  const std::uint64_t version = ctx.catalog.data_version();  // before the query: versioned_cache
  std::optional<platform::KeyedGates::Pass> computing;
  if (page_key) {
    if (auto page = ctx.item_pages.find(*page_key, version))
      co_return Response::json_text(200, *page);
    auto pass = co_await ctx.item_page_gates.enter(*page_key);
    computing.emplace(std::move(pass));
    if (auto page = ctx.item_pages.find_fresh(*page_key, version))
      co_return Response::json_text(200, *page);
  }
  auto body = read_json_body(req);
  if (auto* problem = std::get_if<std::string>(&body))
    co_return render_catalog_error(validation_error(*problem), Verb::read, {});
  auto parsed = parse_get_items(std::get<json::value>(body));
  if (auto* bad = std::get_if<CatalogError>(&parsed))
    co_return render_catalog_error(*bad, Verb::read, {});
  const auto& request = std::get<GetItems>(parsed);
  std::optional<CatalogError> failure;
  // Move-constructed, never assigned: assignment between arrays of different memory resources
  // (the catalog renders into its own arena) copies every row.
  std::optional<json::array> rows;
  try {
    auto found = co_await ctx.catalog.get_items(call.caller, request);
    rows.emplace(std::move(found));
  } catch (const CatalogError& e) {
    failure = e;
  }
  if (failure) co_return render_catalog_error(*failure, Verb::read, {});
  Response answer = envelope(200, "Data adquired.", std::move(*rows));
  if (page_key && answer.body.size() <= kMaxCachedAnswer)
    ctx.item_pages.store(*page_key, version, std::make_shared<const std::string>(answer.body));
  co_return answer;
}

boost::asio::awaitable<Response> handle_create_items(SchemesContext& ctx, Request& req,
                                                     SchemesCall& call) {
  auto body = read_json_body(req);
  if (auto* problem = std::get_if<std::string>(&body))
    co_return render_catalog_error(validation_error(*problem), Verb::create, {});
  const auto& value = std::get<json::value>(body);
  auto references = element_references(value);
  auto parsed = parse_create_items(value);
  if (auto* bad = std::get_if<CatalogError>(&parsed))
    co_return render_catalog_error(*bad, Verb::create, references);
  const auto& batch = std::get<CreateBatch>(parsed);
  std::optional<CatalogError> failure;
  std::vector<json::array> created;
  try {
    auto rows = co_await ctx.catalog.create_items(call.caller, batch.elements);
    created = std::move(rows);
  } catch (const CatalogError& e) {
    failure = e;
  }
  if (failure) co_return render_catalog_error(*failure, Verb::create, references);
  // One object: its rows' projections; a list body: one list per element (§2.6 rule 3).
  json::array out;
  if (batch.list_body) {
    for (auto& rows : created) out.emplace_back(std::move(rows));
  } else if (!created.empty()) {
    out = std::move(created.front());
  }
  co_return envelope(201, batch.elements.back().reference + " created!", std::move(out));
}

boost::asio::awaitable<Response> handle_update_items(SchemesContext& ctx, Request& req,
                                                     SchemesCall& call) {
  auto body = read_json_body(req);
  if (auto* problem = std::get_if<std::string>(&body))
    co_return render_catalog_error(validation_error(*problem), Verb::update, {});
  const auto& value = std::get<json::value>(body);
  auto references = element_references(value);
  auto parsed = parse_update_items(value);
  if (auto* bad = std::get_if<CatalogError>(&parsed))
    co_return render_catalog_error(*bad, Verb::update, references);
  const auto& elements = std::get<std::vector<UpdateOne>>(parsed);
  std::optional<CatalogError> failure;
  try {
    co_await ctx.catalog.update_items(call.caller, elements);
  } catch (const CatalogError& e) {
    failure = e;
  }
  if (failure) co_return render_catalog_error(*failure, Verb::update, references);
  co_return envelope(201, elements.back().reference + " Updated!");
}

boost::asio::awaitable<Response> handle_delete_items(SchemesContext& ctx, Request& req,
                                                     SchemesCall& call) {
  auto body = read_json_body(req);
  if (auto* problem = std::get_if<std::string>(&body))
    co_return render_catalog_error(validation_error(*problem), Verb::remove, {});
  const auto& value = std::get<json::value>(body);
  auto references = element_references(value);
  auto parsed = parse_delete_items(value);
  if (auto* bad = std::get_if<CatalogError>(&parsed))
    co_return render_catalog_error(*bad, Verb::remove, references);
  const auto& elements = std::get<std::vector<DeleteOne>>(parsed);
  std::optional<CatalogError> failure;
  try {
    co_await ctx.catalog.delete_items(call.caller, elements);
  } catch (const CatalogError& e) {
    failure = e;
  }
  if (failure) co_return render_catalog_error(*failure, Verb::remove, references);
  co_return envelope(201, elements.back().reference + " Deleted!");
}

// The answers every schemes route may give besides its success.
std::vector<http::RouteDoc::ResponseDoc> with_errors(http::RouteDoc::ResponseDoc success) {
  auto plain = schemas::plain_envelope();
  return {std::move(success),
          {400, "[Validation Error], [Exception Error] or [Database ... Error]", plain},
          {401, "Token missing, invalid or expired", plain},
          {403, "[Permission Error]", plain},
          {413, "Request body too large", plain},
          {500, "[Database Operational Error] or internal error", plain}};
}

}  // namespace

void add_catalog_routes(http::Router& router, SchemesContext& ctx) {
  using http::Method;
  const std::string tag = "schemes";
  for (auto method : {Method::post, Method::get}) {
    add_route(router, ctx, method, "/api/schemes/get_items", handle_get_items,
              http::describe("Rows of a model: filters, projection, cursor paging (id DESC)", tag,
                             true, schemas::get_items_request(),
                             with_errors({200, "Data adquired.",
                                          schemas::envelope(http::schema::any_object())})));
  }
  add_route(router, ctx, Method::post, "/api/schemes/create_items", handle_create_items,
            http::describe(
                "Create rows with nested relationship actions, in one transaction", tag, true,
                schemas::create_items_request(),
                with_errors({201, "<reference> created!", schemas::envelope(json::object{})})));
  add_route(router, ctx, Method::post, "/api/schemes/update_items", handle_update_items,
            http::describe("Update the first or all matching rows, in one transaction", tag, true,
                           schemas::update_items_request(),
                           with_errors({201, "<reference> Updated!", schemas::plain_envelope()})));
  add_route(router, ctx, Method::post, "/api/schemes/delete_items", handle_delete_items,
            http::describe("Delete the first or all matching rows, in one transaction", tag, true,
                           schemas::delete_items_request(),
                           with_errors({201, "<reference> Deleted!", schemas::plain_envelope()})));
}

}  // namespace tandem::faces::schemes
