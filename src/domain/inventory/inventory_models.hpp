#pragma once
// Beyo's nine models (spec/beyo.md §1) as the schemes engine sees them: the registry the catalog
// resolves request names against. It is data compiled into the server, so the set of tables and
// columns a client can reach is fixed here and nowhere else; the physical names match
// migrations/*/0005_inventory.sql (tables) and 0001_identity.sql (users, roles, user_roles), and
// the policy flags carry the field and model rules of §5.2 and the decisions.

#include "store/query/model_schema.hpp"

namespace tandem::domain::inventory {

// User, Role, Item, Item_History, Item_Note, Item_Notes_Subject, Dealer, Dealer_History and
// Dealer_Notes; every relationship's target is among them and every relationship has its
// back-reference on the target.
const store::query::ModelRegistry& inventory_registry();

}  // namespace tandem::domain::inventory
