// C ABI adapter for referral timelines: conversions only.
#include "capi_common.hpp"
#include "capi_types.hpp"

#include "homeward/hw_timeline.h"
#include "homeward/timeline.hpp"

#include <memory>

struct hw_evaluation {
  homeward::Evaluation value;
  std::vector<std::string> person_ids;
};

namespace {

using namespace homeward;
using homeward::capi::guard;
using homeward::capi::require;
using homeward::capi::text_buf;
using homeward::capi::text_out;

// The policy from JSON (NULL: defaults), counting working days on `cal`
// (NULL: England and Wales); "closures" in the policy are added to it.
TimelinePolicy policy_arg(const char* policy_json, const hw_calendar* cal = nullptr) {
  std::optional<Calendar> base;
  if (cal != nullptr) base = cal->cal;
  return timeline_policy_from_json(policy_json ? policy_json : "{}", "policy", base);
}

Date day_arg(std::int32_t day, const char* field) {
  if (day == HW_NO_DAY) throw InvalidArgument(field, "HW_NO_DAY is not a date");
  return from_days(day, field);
}

LoadOptions load_options(const char* options_json) {
  if (options_json == nullptr) return {};
  return load_options_from_json(options_json, "options");
}

bool pretty_arg(int format) {
  if (format != HW_JSON_COMPACT && format != HW_JSON_PRETTY) {
    throw InvalidArgument(
        "format",
        std::to_string(format) + " is not an hw_json_format (HW_JSON_COMPACT 0, HW_JSON_PRETTY 1)");
  }
  return format == HW_JSON_PRETTY;
}

int load(hw_caseload** out, const char* options_json, hw_error* err, bool file, const char* src) {
  return guard(err, [&] {
    require(out, "out");
    const LoadOptions o = load_options(options_json);
    // A file is read by the core with the options' max_bytes (a bounded read).
    auto c = std::make_unique<hw_caseload>(
        hw_caseload{file ? Caseload::from_file(capi::str_arg(src, "path"), o)
                         : Caseload::from_json(capi::json_text_arg(src, "json"), o)});
    *out = c.release();
  });
}

std::string caseload_json(const hw_caseload* caseload, int format) {
  require(caseload, "caseload");
  return caseload->value.to_json(pretty_arg(format));
}

std::string person_id(const hw_caseload* caseload, size_t index) {
  require(caseload, "caseload");
  if (index >= caseload->value.size()) {
    throw OutOfRange("index", std::to_string(index) + " is not below the number of pathways (" +
                                  std::to_string(caseload->value.size()) + ")");
  }
  return caseload->value.person_ids()[index];
}

std::string fhir(const hw_caseload* caseload, const char* person, int32_t as_of) {
  require(caseload, "caseload");
  require(person, "person_id");
  std::optional<Date> a;
  if (as_of != HW_NO_DAY) a = from_days(as_of, "as_of");
  return pathway_to_fhir(caseload->value.pathway(person), a);
}

std::string evaluation_json(const hw_evaluation* evaluation) {
  require(evaluation, "evaluation");
  return evaluation_to_json(evaluation->value, evaluation->person_ids);
}

std::string snapshot_json(const hw_caseload* caseload, int32_t on, const char* policy_json,
                          const hw_calendar* calendar) {
  require(caseload, "caseload");
  const Date d = day_arg(on, "on");
  return snapshot_to_json(snapshot(caseload->value, d, policy_arg(policy_json, calendar)));
}

std::string measures_json(const hw_caseload* caseload, int32_t start, int32_t end, int32_t as_of,
                          const char* policy_json, const char* costs_json,
                          const hw_calendar* calendar) {
  require(caseload, "caseload");
  const Date s = day_arg(start, "start");
  const Date e = day_arg(end, "end");
  std::optional<Date> a;
  if (as_of != HW_NO_DAY) a = from_days(as_of, "as_of");
  const CostModel costs = costs_json ? cost_model_from_json(costs_json, "costs") : CostModel{};
  return measures_to_json(
      measures(caseload->value, s, e, policy_arg(policy_json, calendar), costs, a));
}

}  // namespace

namespace {
std::string code_tables_text(const char* table) {
  std::optional<CodeTable> only;
  if (table != nullptr) only = parse_code_table(table, "table");
  return code_tables_to_json(only);
}
}  // namespace

extern "C" {

const char* hw_timeline_stage_name(hw_stage stage) {
  if (stage < 0 || stage >= HW_STAGE_COUNT) return nullptr;
  return stage_name(static_cast<Stage>(stage)).data();
}

const char* hw_timeline_milestone_name(hw_milestone milestone) {
  if (milestone < 0 || milestone >= HW_MILESTONE_COUNT) return nullptr;
  return milestone_name(static_cast<Milestone>(milestone)).data();
}

const char* hw_timeline_milestone_status_name(hw_milestone_status status) {
  if (status < 0 || status >= HW_STATUS_COUNT) return nullptr;
  return milestone_status_name(static_cast<MilestoneStatus>(status)).data();
}

int hw_timeline_stage_count(void) { return HW_STAGE_COUNT; }
int hw_timeline_milestone_count(void) { return HW_MILESTONE_COUNT; }
int hw_timeline_milestone_status_count(void) { return HW_STATUS_COUNT; }

int hw_caseload_from_json(hw_caseload** out, const char* json, const char* options_json,
                          hw_error* err) {
  return load(out, options_json, err, false, json);
}

int hw_caseload_from_file(hw_caseload** out, const char* path, const char* options_json,
                          hw_error* err) {
  return load(out, options_json, err, true, path);
}

void hw_caseload_free(hw_caseload* caseload) { delete caseload; }

int hw_caseload_to_json(char** out_json, const hw_caseload* caseload, hw_json_format format,
                        hw_error* err) {
  return text_out(err, out_json, "out_json", [&] { return caseload_json(caseload, format); });
}

int hw_caseload_to_json_buf(char* buf, size_t capacity, size_t* needed, const hw_caseload* caseload,
                            hw_json_format format, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return caseload_json(caseload, format); });
}

int hw_caseload_save(const hw_caseload* caseload, const char* path, hw_json_format format,
                     hw_error* err) {
  return guard(err, [&] {
    require(caseload, "caseload");
    require(path, "path");
    caseload->value.save(path, pretty_arg(format));
  });
}

int hw_caseload_size(size_t* out_pathways, size_t* out_events, const hw_caseload* caseload,
                     hw_error* err) {
  return guard(err, [&] {
    require(caseload, "caseload");
    if (out_pathways) *out_pathways = caseload->value.size();
    if (out_events) *out_events = caseload->value.event_count();
  });
}

int hw_caseload_person_id(char** out, const hw_caseload* caseload, size_t index, hw_error* err) {
  return text_out(err, out, "out", [&] { return person_id(caseload, index); });
}

int hw_caseload_person_id_buf(char* buf, size_t capacity, size_t* needed,
                              const hw_caseload* caseload, size_t index, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return person_id(caseload, index); });
}

int hw_caseload_fhir(char** out_json, const hw_caseload* caseload, const char* person_id,
                     int32_t as_of, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] { return fhir(caseload, person_id, as_of); });
}

int hw_caseload_fhir_buf(char* buf, size_t capacity, size_t* needed, const hw_caseload* caseload,
                         const char* person_id, int32_t as_of, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return fhir(caseload, person_id, as_of); });
}

int hw_caseload_evaluate(hw_evaluation** out, const hw_caseload* caseload, int32_t as_of,
                         const char* policy_json, hw_error* err) {
  return hw_caseload_evaluate_with_calendar(out, caseload, as_of, policy_json, nullptr, err);
}

int hw_caseload_evaluate_with_calendar(hw_evaluation** out, const hw_caseload* caseload,
                                       int32_t as_of, const char* policy_json,
                                       const hw_calendar* calendar, hw_error* err) {
  return guard(err, [&] {
    require(out, "out");
    require(caseload, "caseload");
    const Date d = day_arg(as_of, "as_of");
    auto e = std::make_unique<hw_evaluation>();
    e->value = evaluate(caseload->value, d, policy_arg(policy_json, calendar));
    e->person_ids = caseload->value.person_ids();  // for hw_evaluation_to_json
    *out = e.release();
  });
}

void hw_evaluation_free(hw_evaluation* evaluation) { delete evaluation; }

int hw_evaluation_size(size_t* out_pathways, size_t* out_milestones,
                       const hw_evaluation* evaluation, hw_error* err) {
  return guard(err, [&] {
    require(evaluation, "evaluation");
    if (out_pathways) *out_pathways = evaluation->value.stage.size();
    if (out_milestones) *out_milestones = evaluation->value.milestones.size();
  });
}

int hw_evaluation_stage_counts(int64_t* out_counts, size_t count, const hw_evaluation* evaluation,
                               hw_error* err) {
  return guard(err, [&] {
    require(out_counts, "out_counts");
    require(evaluation, "evaluation");
    if (count < HW_STAGE_COUNT) {
      throw InvalidArgument("count", std::to_string(count) + " is less than HW_STAGE_COUNT (" +
                                         std::to_string(HW_STAGE_COUNT) + ")");
    }
    for (std::size_t s = 0; s < kStageCount; ++s) out_counts[s] = evaluation->value.stage_counts[s];
  });
}

int hw_evaluation_stages(int32_t* out_stage, int32_t* out_since, size_t count,
                         const hw_evaluation* evaluation, hw_error* err) {
  return guard(err, [&] {
    require(evaluation, "evaluation");
    const auto& ev = evaluation->value;
    if (count != ev.stage.size()) {
      throw InvalidArgument("count", std::to_string(count) +
                                         " differs from the number of pathways (" +
                                         std::to_string(ev.stage.size()) + ")");
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (out_stage) out_stage[i] = ev.stage[i];
      if (out_since) out_since[i] = ev.stage_since[i];
    }
  });
}

int hw_evaluation_milestones(int32_t* out_pathway, int32_t* out_milestone, int32_t* out_status,
                             int32_t* out_start, int32_t* out_due, int32_t* out_date,
                             int32_t* out_days, int32_t* out_working_days, size_t count,
                             const hw_evaluation* evaluation, hw_error* err) {
  return guard(err, [&] {
    require(evaluation, "evaluation");
    const auto& t = evaluation->value.milestones;
    if (count != t.size()) {
      throw InvalidArgument("count", std::to_string(count) +
                                         " differs from the number of milestone rows (" +
                                         std::to_string(t.size()) + ")");
    }
    for (std::size_t r = 0; r < count; ++r) {
      if (out_pathway) out_pathway[r] = t.pathway[r];
      if (out_milestone) out_milestone[r] = t.milestone[r];
      if (out_status) out_status[r] = t.status[r];
      if (out_start) out_start[r] = t.start[r];
      if (out_due) out_due[r] = t.due[r];
      if (out_date) out_date[r] = t.date[r];
      if (out_days) out_days[r] = t.days[r];
      if (out_working_days) out_working_days[r] = t.working_days[r];
    }
  });
}

int hw_evaluation_to_json(char** out_json, const hw_evaluation* evaluation, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] { return evaluation_json(evaluation); });
}

int hw_evaluation_to_json_buf(char* buf, size_t capacity, size_t* needed,
                              const hw_evaluation* evaluation, hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return evaluation_json(evaluation); });
}

int hw_caseload_snapshot(char** out_json, const hw_caseload* caseload, int32_t on,
                         const char* policy_json, hw_error* err) {
  return hw_caseload_snapshot_with_calendar(out_json, caseload, on, policy_json, nullptr, err);
}

int hw_caseload_snapshot_buf(char* buf, size_t capacity, size_t* needed,
                             const hw_caseload* caseload, int32_t on, const char* policy_json,
                             hw_error* err) {
  return hw_caseload_snapshot_with_calendar_buf(buf, capacity, needed, caseload, on, policy_json,
                                                nullptr, err);
}

int hw_caseload_snapshot_with_calendar(char** out_json, const hw_caseload* caseload, int32_t on,
                                       const char* policy_json, const hw_calendar* calendar,
                                       hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return snapshot_json(caseload, on, policy_json, calendar); });
}

int hw_caseload_snapshot_with_calendar_buf(char* buf, size_t capacity, size_t* needed,
                                           const hw_caseload* caseload, int32_t on,
                                           const char* policy_json, const hw_calendar* calendar,
                                           hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return snapshot_json(caseload, on, policy_json, calendar); });
}

int hw_caseload_measures(char** out_json, const hw_caseload* caseload, int32_t start, int32_t end,
                         int32_t as_of, const char* policy_json, const char* costs_json,
                         hw_error* err) {
  return hw_caseload_measures_with_calendar(out_json, caseload, start, end, as_of, policy_json,
                                            costs_json, nullptr, err);
}

int hw_caseload_measures_buf(char* buf, size_t capacity, size_t* needed,
                             const hw_caseload* caseload, int32_t start, int32_t end, int32_t as_of,
                             const char* policy_json, const char* costs_json, hw_error* err) {
  return hw_caseload_measures_with_calendar_buf(buf, capacity, needed, caseload, start, end, as_of,
                                                policy_json, costs_json, nullptr, err);
}

int hw_caseload_measures_with_calendar(char** out_json, const hw_caseload* caseload, int32_t start,
                                       int32_t end, int32_t as_of, const char* policy_json,
                                       const char* costs_json, const hw_calendar* calendar,
                                       hw_error* err) {
  return text_out(err, out_json, "out_json", [&] {
    return measures_json(caseload, start, end, as_of, policy_json, costs_json, calendar);
  });
}

int hw_caseload_measures_with_calendar_buf(char* buf, size_t capacity, size_t* needed,
                                           const hw_caseload* caseload, int32_t start, int32_t end,
                                           int32_t as_of, const char* policy_json,
                                           const char* costs_json, const hw_calendar* calendar,
                                           hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] {
    return measures_json(caseload, start, end, as_of, policy_json, costs_json, calendar);
  });
}

int hw_timeline_code_tables_json(char** out_json, const char* table, hw_error* err) {
  return text_out(err, out_json, "out_json", [&] { return code_tables_text(table); });
}

int hw_timeline_code_tables_json_buf(char* buf, size_t capacity, size_t* needed, const char* table,
                                     hw_error* err) {
  return text_buf(err, buf, capacity, needed, [&] { return code_tables_text(table); });
}

int hw_timeline_policy_json(char** out_json, const char* policy_json, hw_error* err) {
  return text_out(err, out_json, "out_json",
                  [&] { return timeline_policy_to_json(policy_arg(policy_json)); });
}

int hw_timeline_policy_json_buf(char* buf, size_t capacity, size_t* needed, const char* policy_json,
                                hw_error* err) {
  return text_buf(err, buf, capacity, needed,
                  [&] { return timeline_policy_to_json(policy_arg(policy_json)); });
}

}  // extern "C"
