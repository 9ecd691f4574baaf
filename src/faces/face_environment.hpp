#pragma once
// What a face is mounted with: the server's routing pieces, the domain services, and the face
// settings app/config parsed (no face reads the environment itself).

#include "domain/board/board_service.hpp"
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
};

struct FaceEnvironment {
  http::Router& router;
  http::RequestPipeline& pipeline;  // per-prefix error renderers
  http::WebSocketHub& hub;
  domain::identity::IdentityService& identity;
  domain::kpi::KpiService& kpi;
  domain::work::WorkService& work;
  domain::board::BoardService& board;
  FaceSettings settings;
};

}  // namespace tandem::faces
