#pragma once
// Who may write what through the schemes face (spec/beyo.md §5.2, issue decisions 8 and 12):
// the registry's Access for creating, updating and removing a model's rows and for writing
// through a relationship, plus the one exception it cannot express, a user editing their own
// profile. A refusal is a [Permission Error] naming the verb and the model.

#include <boost/json/object.hpp>
#include <cstdint>
#include <vector>

#include "domain/catalog/catalog_error.hpp"
#include "domain/catalog/catalog_request.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

bool allows(store::query::Access access, const Caller& caller);

// Throws permission_error(verb, model) unless the caller may create / update / remove rows of
// `model`.
void require_create(const store::query::ModelSchema& model, const Caller& caller);
void require_update(const store::query::ModelSchema& model, const Caller& caller);
void require_remove(const store::query::ModelSchema& model, const Caller& caller);

// Writing through `rel` of `owner` (link, unlink, create, create_through_rel). `verb` is what
// is being done to the owner row (create or update).
void require_relationship_write(const store::query::ModelSchema& owner,
                                const store::query::RelationshipSchema& rel, const Caller& caller,
                                Verb verb);

// A non-admin may update User rows only when every matched row is their own, and only the
// profile fields (username, email, phone, password, profile_picture). This is the part that
// needs no database: the model is User, the caller is no admin, and `object_values` names only
// profile fields. The rows are checked once found (require_own_rows).
bool is_own_profile_update(const store::query::ModelSchema& model, const Caller& caller,
                           const boost::json::object& object_values);

// Throws permission_error(update, model) unless `ids` is not empty and every id is the caller's.
void require_own_rows(const store::query::ModelSchema& model, const Caller& caller,
                      const std::vector<std::int64_t>& ids);

}  // namespace tandem::domain::catalog
