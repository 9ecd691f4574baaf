#pragma once
#include "domain/identity/identity_service.hpp"
#include "domain/work/work_service.hpp"

namespace tandem::faces::v1 {

struct V1Settings {
  // MODE=production (FlowTrack's switch) or HTTPS: SameSite=None; Secure. Otherwise Lax, which a
  // browser keeps over plain HTTP (None without Secure is dropped).
  bool secure_cookies = false;
  // The original's token-less WebSocket (the path user_id is trusted). Off by default.
  bool ws_allow_anonymous = false;
};

struct V1Context {
  domain::identity::IdentityService& identity;
  domain::work::WorkService& work;
  V1Settings settings;
};

}  // namespace tandem::faces::v1
