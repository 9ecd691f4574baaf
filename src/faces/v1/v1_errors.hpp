#pragma once
// FastAPI's error shapes: {"detail": "..."} for HTTP errors, and {"detail": [items]} with status
// 422 for validation errors, each item {type, loc, msg, input[, ctx]} as pydantic 2 writes them.

#include <boost/json.hpp>
#include <string_view>

#include "platform/http/http_message.hpp"

namespace tandem::faces::v1 {

http::Response detail(int status, std::string_view message);

class ValidationErrors {
 public:
  void add(std::string_view type, boost::json::array loc, std::string_view msg,
           boost::json::value input, boost::json::object ctx = {});
  bool empty() const { return items_.empty(); }
  http::Response response() const;

 private:
  boost::json::array items_;
};

}  // namespace tandem::faces::v1
