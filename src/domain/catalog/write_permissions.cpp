#include "domain/catalog/write_permissions.hpp"

#include <array>
#include <string_view>

namespace tandem::domain::catalog {

namespace {

using store::query::Access;
using store::query::ModelSchema;

// The model of the platform's accounts, and the fields of it a user edits on their own profile
// page (the client's user update sends only these).
constexpr std::string_view kUserModel = "User";
constexpr std::array<std::string_view, 5> kProfileFields{"username", "email", "phone", "password",
                                                         "profile_picture"};

void require(Access access, const ModelSchema& model, const Caller& caller, Verb verb) {
  if (!allows(access, caller)) throw permission_error(verb, std::string(model.name));
}

}  // namespace

bool allows(Access access, const Caller& caller) {
  switch (access) {
    case Access::everyone:
      return true;
    case Access::admin:
      return caller.admin;
    case Access::nobody:
      return false;
  }
  return false;
}

void require_create(const ModelSchema& model, const Caller& caller) {
  require(model.create, model, caller, Verb::create);
}
void require_update(const ModelSchema& model, const Caller& caller) {
  require(model.update, model, caller, Verb::update);
}
void require_remove(const ModelSchema& model, const Caller& caller) {
  require(model.remove, model, caller, Verb::remove);
}

void require_relationship_write(const ModelSchema& owner,
                                const store::query::RelationshipSchema& rel, const Caller& caller,
                                Verb verb) {
  require(rel.write, owner, caller, verb);
}

bool is_own_profile_update(const ModelSchema& model, const Caller& caller,
                           const boost::json::object& object_values) {
  if (model.name != kUserModel || caller.admin || caller.user_id == 0) return false;
  for (const auto& entry : object_values) {
    bool profile_field = false;
    for (auto f : kProfileFields) profile_field = profile_field || entry.key() == f;
    if (!profile_field) return false;
  }
  return true;
}

void require_own_rows(const ModelSchema& model, const Caller& caller,
                      const std::vector<std::int64_t>& ids) {
  bool own = !ids.empty();
  for (auto id : ids) own = own && id == caller.user_id;
  if (!own) throw permission_error(Verb::update, std::string(model.name));
}

}  // namespace tandem::domain::catalog
