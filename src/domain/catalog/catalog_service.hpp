#pragma once
// The schemes engine behind the schemes face: get, create, update and delete over the model
// registry, with Beyo's permissions and limits, one transaction per write request. Face-agnostic:
// it takes checked requests (catalog_request.hpp), returns projected rows as JSON values, and
// fails with CatalogError (catalog_error.hpp); the face owns the envelope and the texts.

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <vector>

#include "domain/catalog/catalog_error.hpp"
#include "domain/catalog/catalog_limits.hpp"
#include "domain/catalog/catalog_request.hpp"
#include "domain/identity/identity_service.hpp"
#include "store/db/database.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

class CatalogService {
 public:
  // `identity` hashes written passwords (User.password) the way every face does.
  CatalogService(store::Database& db, const store::query::ModelRegistry& registry,
                 identity::IdentityService& identity, CatalogLimits limits = {});

  // One projected object per row, id DESC. No row: CatalogError (exception, "No objects found").
  boost::asio::awaitable<boost::json::array> get_items(const Caller& caller, const GetItems& req);

  // The caller's own row projected by `requested_data` (the /api probe and the login payload).
  boost::asio::awaitable<boost::json::object> project_user(const Caller& caller,
                                                           const boost::json::array& requested);

  // All elements in one transaction. The result has one entry per element: the array of its
  // created rows' projections (the face flattens a single-object request).
  boost::asio::awaitable<std::vector<boost::json::array>> create_items(
      const Caller& caller, const std::vector<CreateOne>& elements);
  boost::asio::awaitable<void> update_items(const Caller& caller,
                                            const std::vector<UpdateOne>& elements);
  boost::asio::awaitable<void> delete_items(const Caller& caller,
                                            const std::vector<DeleteOne>& elements);

  // Changes whenever committed data may have changed (store/db/data_version.hpp): read it before
  // get_items to cache what it answered.
  std::uint64_t data_version() const { return db_.data_version(store::DataScope::any); }

  const store::query::ModelRegistry& registry() const { return registry_; }
  const CatalogLimits& limits() const { return limits_; }

 private:
  store::Database& db_;
  const store::query::ModelRegistry& registry_;
  identity::IdentityService& identity_;
  CatalogLimits limits_;
};

}  // namespace tandem::domain::catalog
