// Matching: readable explanations and the Markdown report.
#include "homeward/error.hpp"
#include "homeward/matching.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

namespace homeward {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string noun(const MatchResult& r) { return r.kind == "workers" ? "worker" : "place"; }

std::string heading(const MatchResult& r, const std::string& person, const std::string& role) {
  return r.kind == "workers" ? person + ", " + role : person;
}

void explain_alternative(std::ostringstream& out, const std::optional<Alternative>& a) {
  if (!a) return;
  out << "  Best alternative: " << a->summary << "\n";
  if (!a->resource.empty()) {
    out << "    there: cost " << num(a->cost);
    for (const CostTerm& t : a->terms) {
      if (t.value != 0.0) out << "; " << t.name << " " << num(t.value) << " (" << t.detail << ")";
    }
    out << "\n";
  }
}

void explain_one(std::ostringstream& out, const MatchResult& r, const Match& m) {
  out << heading(r, m.person, m.role) << ": recommended " << noun(r) << " " << m.resource
      << " (total cost " << num(m.cost) << ")\n";
  out << "  Hard constraints, all passed:\n";
  for (const ConstraintCheck& c : m.constraints) {
    out << "    [ok] " << c.constraint << ": " << c.detail << "\n";
  }
  out << "  Cost terms:\n";
  for (const CostTerm& t : m.terms) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "    %-12s %8s", t.name.c_str(), num(t.value).c_str());
    out << buf << "  (" << t.detail << ")\n";
  }
  explain_alternative(out, m.alternative);
}

void explain_one(std::ostringstream& out, const MatchResult& r, const Unmatched& u) {
  out << heading(r, u.person, u.role) << ": no " << noun(r) << " recommended\n";
  out << "  Why: " << u.summary << "\n";
  explain_alternative(out, u.alternative);
  if (u.candidates.empty()) return;
  out << "  " << (r.kind == "workers" ? "Worker by worker" : "Place by place") << ":\n";
  for (const CandidateOutcome& c : u.candidates) {
    out << "    " << c.resource << ": ";
    if (c.allowed) {
      out << "allowed but full";
      if (!c.taken_by.empty()) {
        out << " (recommended for ";
        for (std::size_t i = 0; i < c.taken_by.size(); ++i) out << (i ? ", " : "") << c.taken_by[i];
        out << ")";
      }
      out << "\n";
    } else {
      out << "excluded by ";
      for (std::size_t i = 0; i < c.failed.size(); ++i) {
        out << (i ? "; " : "") << c.failed[i].constraint << " (" << c.failed[i].detail << ")";
      }
      out << "\n";
    }
  }
}

}  // namespace

std::string explain_match(const MatchResult& r, std::string_view person_id) {
  std::ostringstream out;
  bool found = false;
  // Placements have one outcome per person (role ""); worker allocation one
  // per role, shown in the roles' canonical order.
  std::vector<std::string> roles{""};
  if (r.kind == "workers") {
    roles.clear();
    for (int i = 0; i < kRoleCount; ++i) roles.emplace_back(role_name(static_cast<Role>(i)));
  }
  for (const std::string& role : roles) {
    for (const Match& m : r.matches) {
      if (m.person != person_id || m.role != role) continue;
      found = true;
      explain_one(out, r, m);
    }
    for (const Unmatched& u : r.unmatched) {
      if (u.person != person_id || u.role != role) continue;
      found = true;
      explain_one(out, r, u);
    }
  }
  if (!found) {
    throw NotFound("person", "\"" + std::string(person_id) + "\" is not in this result");
  }
  out << "  " << kHumanReviewNotice << "\n";
  return out.str();
}

std::string match_report(const MatchResult& r) {
  std::ostringstream out;
  const bool workers = r.kind == "workers";
  out << (workers ? "## Worker allocation\n\n" : "## Placement matching\n\n");
  out << r.people << (r.people == 1 ? " person" : " people") << ": " << r.matches.size()
      << (workers ? " allocations recommended, " : " placements recommended, ")
      << r.unmatched.size() << (workers ? " allocations not possible" : " people not placed")
      << " (total cost " << num(r.total_cost) << ").\n\n";

  out << (workers ? "### Recommended workers\n\n" : "### Recommended places\n\n");
  if (r.matches.empty()) out << "None.\n";
  for (const Match& m : r.matches) {
    out << "- **" << m.person << "**";
    if (workers) out << " (" << m.role << ")";
    out << " -> " << m.resource << ", cost " << num(m.cost);
    std::string reasons;
    for (const CostTerm& t : m.terms) {
      if (!reasons.empty()) reasons += "; ";
      reasons += t.name + " " + num(t.value) + ": " + t.detail;
    }
    out << ". " << reasons << "\n";
  }
  out << "\n";

  out << (workers ? "### Not allocated\n\n" : "### Not placed\n\n");
  if (r.unmatched.empty()) out << "None.\n";
  for (const Unmatched& u : r.unmatched) {
    out << "- **" << u.person << "**";
    if (workers) out << " (" << u.role << ")";
    out << ": " << u.summary << ".";
    if (u.reason == "excluded") {
      // The first failed constraint of each candidate, grouped.
      std::map<std::string, std::vector<std::string>> by;
      for (const CandidateOutcome& c : u.candidates) {
        if (!c.failed.empty()) by[c.failed.front().constraint].push_back(c.resource);
      }
      for (const auto& [name, ids] : by) {
        out << " " << name << ": ";
        for (std::size_t i = 0; i < ids.size(); ++i) out << (i ? ", " : "") << ids[i];
        out << ".";
      }
    }
    out << "\n";
  }
  out << "\n";

  out << (workers ? "### Caseloads\n\n| worker | role | spare before | allocated | spare after |\n"
                    "|---|---|---|---|---|\n"
                  : "### Places\n\n| place | free beds | recommended | beds left |\n"
                    "|---|---|---|---|\n");
  for (const ResourceUsage& u : r.resources) {
    out << "| " << u.id << " | ";
    if (workers) out << u.role << " | ";
    out << u.capacity << " | " << u.used << " | " << (u.capacity - u.used) << " |\n";
  }
  out << "\n_" << kHumanReviewNotice << "_\n";
  return out.str();
}

}  // namespace homeward
