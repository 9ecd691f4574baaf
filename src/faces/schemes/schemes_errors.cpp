#include "faces/schemes/schemes_errors.hpp"

#include "faces/schemes/schemes_envelope.hpp"

namespace tandem::faces::schemes {

using domain::catalog::ErrorClass;
using domain::catalog::IntegrityKind;

namespace {

std::string_view verb_word(Verb verb) {
  switch (verb) {
    case Verb::read:
      return "read";
    case Verb::create:
      return "create";
    case Verb::update:
      return "update";
    case Verb::remove:
      break;
  }
  return "delete";
}

// "querying" / "creating <ref>" ...: the tail of the database classes' templates.
std::string activity(Verb verb, std::string_view ref) {
  switch (verb) {
    case Verb::read:
      return "querying";
    case Verb::create:
      return "creating " + std::string(ref);
    case Verb::update:
      return "updating " + std::string(ref);
    case Verb::remove:
      break;
  }
  return "deleting " + std::string(ref);
}

std::string exception_message(Verb verb, std::string_view ref) {
  switch (verb) {
    case Verb::read:
      return "[Exception Error] Error on query.";
    case Verb::create:
      return "[Exception Error] Error creating " + std::string(ref) + ".";
    case Verb::update:
      return "[Exception Error] Error updating " + std::string(ref) + ".";
    case Verb::remove:
      break;
  }
  return "[Exception Error] Error deleting " + std::string(ref) + ".";
}

std::string integrity_message(const CatalogError& e, std::string_view ref) {
  switch (e.integrity) {
    case IntegrityKind::unique:
      return "[Database Integrity Error] The value '" + e.value + "' for field '" + e.field +
             "' already exists.";
    case IntegrityKind::not_null:
      return "[Database Integrity Error] '" + e.field + "' cannot be empty.";
    case IntegrityKind::other:
      break;
  }
  return "[Database Integrity Error] Constraint failed on " + std::string(ref) + ".";
}

}  // namespace

std::string_view reference_at(std::span<const std::string> references, std::size_t index) {
  if (index < references.size() && !references[index].empty()) return references[index];
  return kNoReference;
}

http::Response render_catalog_error(const CatalogError& e, Verb verb,
                                    std::span<const std::string> references) {
  // get_items has no reference; "request" reads right in the templates that need one.
  std::string_view ref =
      verb == Verb::read ? std::string_view("request") : reference_at(references, e.element);
  switch (e.kind) {
    case ErrorClass::validation:
      return envelope(400, "[Validation Error] Invalid data for " + std::string(ref) + ".",
                      e.server_message);
    case ErrorClass::integrity:
      return envelope(400, integrity_message(e, ref), e.server_message);
    case ErrorClass::data:
      return envelope(
          400, "[Database Data Error] Invalid data type or value when " + activity(verb, ref) + ".",
          e.server_message);
    case ErrorClass::operational:
      return envelope(
          500, "[Database Operational Error] DB error occurred when " + activity(verb, ref) + ".",
          e.server_message);
    case ErrorClass::permission:
      return envelope(403,
                      "[Permission Error] Not allowed to " +
                          std::string(verb_word(e.permission_verb)) + " " + e.model + ".",
                      e.server_message);
    case ErrorClass::exception:
      break;
  }
  return envelope(400, exception_message(verb, ref), e.server_message);
}

}  // namespace tandem::faces::schemes
