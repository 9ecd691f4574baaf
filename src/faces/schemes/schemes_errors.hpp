#pragma once
// The catalog's failures in the envelope (spec/beyo.md §2.12): one switch from the error class
// and the request's verb to the HTTP status and the message template. `<ref>` is the reference of
// the list-body element that failed (CatalogError::element), or "entry" when it has none.

#include <span>
#include <string>
#include <string_view>

#include "domain/catalog/catalog_error.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::schemes {

using domain::catalog::CatalogError;
using domain::catalog::Verb;

inline constexpr std::string_view kNoReference = "entry";

// The reference of element `index`, or "entry".
std::string_view reference_at(std::span<const std::string> references, std::size_t index);

// `verb` is what the route does (get_items: read); `references` are the body's elements' labels
// in order (empty for get_items).
http::Response render_catalog_error(const CatalogError& error, Verb verb,
                                    std::span<const std::string> references);

}  // namespace tandem::faces::schemes
