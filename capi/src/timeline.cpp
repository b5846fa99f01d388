// C ABI adapter for referral timelines: conversions only.
#include "capi_common.hpp"
#include "capi_types.hpp"

#include "homeward/hw_timeline.h"
#include "homeward/timeline.hpp"

#include <memory>

struct hw_caseload {
  homeward::Caseload value;
};
struct hw_evaluation {
  homeward::Evaluation value;
  std::vector<std::string> person_ids;
};

namespace {

using namespace homeward;
using homeward::capi::guard;
using homeward::capi::require;

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

}  // namespace

extern "C" {

const char* hw_stage_name(int stage) {
  if (stage < 0 || stage >= HW_STAGE_COUNT) return nullptr;
  return stage_name(static_cast<Stage>(stage)).data();
}

const char* hw_milestone_name(int milestone) {
  if (milestone < 0 || milestone >= HW_MILESTONE_COUNT) return nullptr;
  return milestone_name(static_cast<Milestone>(milestone)).data();
}

const char* hw_milestone_status_name(int status) {
  if (status < 0 || status >= HW_STATUS_COUNT) return nullptr;
  return milestone_status_name(static_cast<MilestoneStatus>(status)).data();
}

int hw_caseload_from_json(hw_caseload** out, const char* json_text, const char* options_json) {
  return guard([&] {
    require(out, "out");
    require(json_text, "json_text");
    const LoadOptions o = load_options(options_json);
    auto c = std::make_unique<hw_caseload>(hw_caseload{Caseload::from_json(json_text, o)});
    *out = c.release();
  });
}

void hw_caseload_free(hw_caseload* caseload) { delete caseload; }

int hw_caseload_to_json(char** out_json, const hw_caseload* caseload, int pretty) {
  return guard([&] {
    require(out_json, "out_json");
    require(caseload, "caseload");
    *out_json = capi::dup_string(caseload->value.to_json(pretty != 0));
  });
}

int hw_caseload_save(const hw_caseload* caseload, const char* path, int pretty) {
  return guard([&] {
    require(caseload, "caseload");
    require(path, "path");
    caseload->value.save(path, pretty != 0);
  });
}

int hw_caseload_size(size_t* out_pathways, size_t* out_events, const hw_caseload* caseload) {
  return guard([&] {
    require(caseload, "caseload");
    if (out_pathways) *out_pathways = caseload->value.size();
    if (out_events) *out_events = caseload->value.event_count();
  });
}

int hw_caseload_person_id(char** out, const hw_caseload* caseload, size_t index) {
  return guard([&] {
    require(out, "out");
    require(caseload, "caseload");
    if (index >= caseload->value.size()) {
      throw OutOfRange("index", std::to_string(index) + " is not below the number of pathways (" +
                                    std::to_string(caseload->value.size()) + ")");
    }
    *out = capi::dup_string(caseload->value.person_ids()[index]);
  });
}

int hw_caseload_fhir(char** out_json, const hw_caseload* caseload, const char* person_id,
                     int32_t as_of) {
  return guard([&] {
    require(out_json, "out_json");
    require(caseload, "caseload");
    require(person_id, "person_id");
    std::optional<Date> a;
    if (as_of != HW_NO_DAY) a = from_days(as_of, "as_of");
    *out_json = capi::dup_string(pathway_to_fhir(caseload->value.pathway(person_id), a));
  });
}

int hw_caseload_evaluate(hw_evaluation** out, const hw_caseload* caseload, int32_t as_of,
                         const char* policy_json) {
  return hw_caseload_evaluate_with_calendar(out, caseload, as_of, policy_json, nullptr);
}

int hw_caseload_evaluate_with_calendar(hw_evaluation** out, const hw_caseload* caseload,
                                       int32_t as_of, const char* policy_json,
                                       const hw_calendar* calendar) {
  return guard([&] {
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

int hw_evaluation_size(size_t* out_pathways, size_t* out_milestones, const hw_evaluation* evaluation) {
  return guard([&] {
    require(evaluation, "evaluation");
    if (out_pathways) *out_pathways = evaluation->value.stage.size();
    if (out_milestones) *out_milestones = evaluation->value.milestones.size();
  });
}

int hw_evaluation_stage_counts(int64_t* out_counts, size_t count, const hw_evaluation* evaluation) {
  return guard([&] {
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
                         const hw_evaluation* evaluation) {
  return guard([&] {
    require(evaluation, "evaluation");
    const auto& ev = evaluation->value;
    if (count != ev.stage.size()) {
      throw InvalidArgument("count", std::to_string(count) + " differs from the number of pathways (" +
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
                             const hw_evaluation* evaluation) {
  return guard([&] {
    require(evaluation, "evaluation");
    const auto& t = evaluation->value.milestones;
    if (count != t.size()) {
      throw InvalidArgument("count", std::to_string(count) + " differs from the number of milestone rows (" +
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

int hw_evaluation_to_json(char** out_json, const hw_evaluation* evaluation) {
  return guard([&] {
    require(out_json, "out_json");
    require(evaluation, "evaluation");
    *out_json = capi::dup_string(evaluation_to_json(evaluation->value, evaluation->person_ids));
  });
}

int hw_caseload_snapshot(char** out_json, const hw_caseload* caseload, int32_t on,
                         const char* policy_json) {
  return hw_caseload_snapshot_with_calendar(out_json, caseload, on, policy_json, nullptr);
}

int hw_caseload_snapshot_with_calendar(char** out_json, const hw_caseload* caseload, int32_t on,
                                       const char* policy_json, const hw_calendar* calendar) {
  return guard([&] {
    require(out_json, "out_json");
    require(caseload, "caseload");
    const Date d = day_arg(on, "on");
    *out_json = capi::dup_string(snapshot_to_json(snapshot(caseload->value, d, policy_arg(policy_json, calendar))));
  });
}

int hw_caseload_measures(char** out_json, const hw_caseload* caseload, int32_t start, int32_t end,
                         int32_t as_of, const char* policy_json, const char* costs_json) {
  return hw_caseload_measures_with_calendar(out_json, caseload, start, end, as_of, policy_json,
                                            costs_json, nullptr);
}

int hw_caseload_measures_with_calendar(char** out_json, const hw_caseload* caseload, int32_t start,
                                       int32_t end, int32_t as_of, const char* policy_json,
                                       const char* costs_json, const hw_calendar* calendar) {
  return guard([&] {
    require(out_json, "out_json");
    require(caseload, "caseload");
    const Date s = day_arg(start, "start");
    const Date e = day_arg(end, "end");
    std::optional<Date> a;
    if (as_of != HW_NO_DAY) a = from_days(as_of, "as_of");
    const CostModel costs = costs_json ? cost_model_from_json(costs_json, "costs") : CostModel{};
    *out_json = capi::dup_string(measures_to_json(measures(caseload->value, s, e, policy_arg(policy_json, calendar), costs, a)));
  });
}

}  // extern "C"
