#include "faces/v1/work_schemas.hpp"

#include "platform/http/openapi.hpp"

namespace tandem::faces::v1::schemas {

namespace s = http::schema;
using Properties = std::vector<std::pair<std::string, boost::json::value>>;

namespace {

Properties project_properties() {
  return {{"name", s::string()},
          {"description", s::string(true)},
          {"deadline", s::string(true, "date")},
          {"id", s::string(false, "uuid")},
          {"status", project_status()},
          {"created_by", s::string(false, "uuid")},
          {"creator_name", s::string()},
          {"created_at", s::string(false, "date-time")},
          {"updated_at", s::string(false, "date-time")}};
}

Properties progress_properties() {
  return {{"total_tasks", s::integer()},
          {"completed_tasks", s::integer()},
          {"in_progress_tasks", s::integer()},
          {"todo_tasks", s::integer()},
          {"progress_percentage", s::number()}};
}

}  // namespace

boost::json::value project_status() {
  return s::enumeration({"pending", "in_progress", "completed"});
}

boost::json::value project_response() { return s::object(project_properties()); }

boost::json::value project_created_response() {
  auto properties = project_properties();
  properties.emplace_back("message", s::string());
  return s::object(std::move(properties));
}

boost::json::value project_create_request() {
  return s::object({{"name", s::string()},
                    {"description", s::string(true)},
                    {"deadline", s::string(true, "date")}},
                   {"name"});
}

boost::json::value project_update_request() {
  return s::object({{"name", s::string()},
                    {"description", s::string(true)},
                    {"deadline", s::string(true, "date")},
                    {"status", project_status()}});
}

boost::json::value progress_response() {
  auto properties = progress_properties();
  properties.emplace_back("progress", s::number());
  return s::object(std::move(properties));
}

boost::json::value member_brief() {
  return s::object({{"id", s::string(false, "uuid")},
                    {"name", s::string()},
                    {"email", s::string(false, "email")}});
}

boost::json::value message_response() { return s::object({{"message", s::string()}}); }

boost::json::value task_status() { return s::enumeration({"todo", "in_progress", "done"}); }

boost::json::value task_priority() { return s::enumeration({"low", "medium", "high"}); }

boost::json::value task_response() {
  return s::object({{"title", s::string()},
                    {"description", s::string(true)},
                    {"priority", task_priority()},
                    {"status", task_status()},
                    {"deadline", s::string(true, "date")},
                    {"id", s::string(false, "uuid")},
                    {"project_id", s::string(false, "uuid")},
                    {"assigned_to", s::string(true, "uuid")},
                    {"assigned_to_name", s::string(true)},
                    {"created_at", s::string(false, "date-time")},
                    {"updated_at", s::string(false, "date-time")},
                    {"created_by", s::string(false, "uuid")}});
}

boost::json::value task_create_request() {
  return s::object({{"title", s::string()},
                    {"description", s::string(true)},
                    {"priority", task_priority()},
                    {"status", task_status()},
                    {"deadline", s::string(true, "date")},
                    {"project_id", s::string(false, "uuid")},
                    {"assigned_to", s::string(true, "uuid")}},
                   {"title", "project_id"});
}

boost::json::value task_update_request() {
  return s::object({{"title", s::string()},
                    {"description", s::string(true)},
                    {"priority", task_priority()},
                    {"status", task_status()},
                    {"deadline", s::string(true, "date")},
                    {"assigned_to", s::string(true, "uuid")}});
}

boost::json::value task_move_request() {
  return s::object({{"new_status", task_status()}}, {"new_status"});
}

boost::json::value project_report_response() {
  Properties properties{{"project_id", s::string(false, "uuid")}, {"project_name", s::string()}};
  for (auto& p : progress_properties()) properties.push_back(std::move(p));
  return s::object(std::move(properties));
}

boost::json::value team_performance_row() {
  return s::object({{"user_id", s::string(false, "uuid")},
                    {"user_name", s::string()},
                    {"total_tasks", s::integer()},
                    {"completed_tasks", s::integer()},
                    {"in_progress_tasks", s::integer()},
                    {"todo_tasks", s::integer()},
                    {"completion_rate", s::number()}});
}

boost::json::value workload_row() {
  return s::object({{"user_id", s::string(false, "uuid")},
                    {"user_name", s::string()},
                    {"assigned_tasks", s::integer()},
                    {"high_priority_tasks", s::integer()},
                    {"medium_priority_tasks", s::integer()},
                    {"low_priority_tasks", s::integer()}});
}

boost::json::value dashboard_response() {
  return s::object(
      {{"projects", s::array_of(project_response())},
       {"tasks", s::array_of(task_response())},
       {"stats", s::object({{"total_projects", s::integer()},
                            {"total_tasks", s::integer()},
                            {"completed_tasks", s::integer()},
                            {"in_progress_tasks", s::integer()},
                            {"todo_tasks", s::integer()}})},
       {"recent_tasks", s::array_of(task_response())},
       {"project_progress", s::array_of(project_report_response())},
       {"notifications", s::array_of(s::object({{"id", s::string(false, "uuid")},
                                                {"user_id", s::string(false, "uuid")},
                                                {"action", s::string()},
                                                {"timestamp", s::string(false, "date-time")}}))}});
}

}  // namespace tandem::faces::v1::schemas
