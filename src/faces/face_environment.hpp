#pragma once
// What a face is mounted with: the server's routing pieces, the domain services, and the face
// settings app/config parsed (no face reads the environment itself).

#include <cstdint>

#include "domain/board/board_service.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/kpi/kpi_service.hpp"
#include "domain/work/work_service.hpp"
#include "platform/http/request_pipeline.hpp"
#include "platform/http/router.hpp"
#include "platform/http/websocket_hub.hpp"

namespace tandem::faces {

struct FaceSettings {
  // MODE=production or HTTPS: cookies are SameSite=None; Secure.
  bool secure_cookies = false;
  // TANDEM_V1_WS_ALLOW_ANONYMOUS (spec/flowtrack.md §4.3).
  bool v1_ws_allow_anonymous = false;
  // TANDEM_SCHEMES_TOKEN_DAYS: the lifetime of the schemes face's tokens (beyo issue decision 4).
  std::int64_t schemes_token_ttl_seconds = 7 * 86'400;
  // TANDEM_SCHEMES_PAGE_CACHE: get_items answers kept until the next commit (0: none).
  std::size_t schemes_page_cache = 256;
};

struct FaceEnvironment {
  http::Router& router;
  http::RequestPipeline& pipeline;  // per-prefix error renderers
  http::WebSocketHub& hub;
  domain::identity::IdentityService& identity;
  domain::kpi::KpiService& kpi;
  domain::work::WorkService& work;
  domain::board::BoardService& board;
  domain::catalog::CatalogService& catalog;  // the schemes face's query engine
  FaceSettings settings;
};

}  // namespace tandem::faces
