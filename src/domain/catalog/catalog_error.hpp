#pragma once
// The typed failures of the schemes engine (spec/beyo.md §2.12). The catalog throws them from
// any depth of a request (a nested link three actions down fails the same way as the top); the
// service boundary rolls the transaction back, and the face renders class, message template and
// server_message in one switch. Nothing here carries SQL text or bound values.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tandem::domain::catalog {

enum class ErrorClass {
  validation,   // [Validation Error] 400: the request's shape (the face reports most of these)
  integrity,    // [Database Integrity Error] 400: SQLSTATE class 23
  data,         // [Database Data Error] 400: SQLSTATE class 22, or a value that cannot convert
  operational,  // [Database Operational Error] 500: connection, timeout, deadlock, resources
  exception,    // [Exception Error] 400: unknown names, bad operations, not found, limits
  permission,   // [Permission Error] 403
};

enum class IntegrityKind { unique, not_null, other };

// What the request was doing when it failed: picks the message template ("when creating <ref>").
enum class Verb { read, create, update, remove };

class CatalogError : public std::runtime_error {
 public:
  CatalogError(ErrorClass kind, std::string server_message)
      : std::runtime_error(server_message), kind(kind), server_message(std::move(server_message)) {}

  ErrorClass kind;
  // Exception errors: the §2.12 substring text ("No column found with name: x in model Item").
  // Database classes: "SQLSTATE <code>[; constraint: <name>][; column: <name>]".
  std::string server_message;
  // integrity only: which message template, and for unique the field and value
  // ("The value '<value>' for field '<field>' already exists."); for not-null the column in field.
  IntegrityKind integrity = IntegrityKind::other;
  std::string field;
  std::string value;
  // permission only: "Not allowed to <verb> <model>."
  Verb permission_verb = Verb::read;
  std::string model;
  // The list-body element that failed (0-based), so the message can use its reference.
  std::size_t element = 0;
};

// Shorthands for the common classes.
inline CatalogError exception_error(std::string server_message) {
  return CatalogError(ErrorClass::exception, std::move(server_message));
}
inline CatalogError permission_error(Verb verb, std::string model) {
  CatalogError e(ErrorClass::permission, "");
  e.permission_verb = verb;
  e.model = std::move(model);
  return e;
}

}  // namespace tandem::domain::catalog
