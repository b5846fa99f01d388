// Stable matching with capacities: Gale-Shapley for hospitals/residents.
#include "homeward/assignment_stable.hpp"

#include "homeward/error.hpp"

#include <algorithm>
#include <limits>
#include <queue>
#include <string>

namespace homeward {
namespace {

// The valid indices of a container of n items, for range messages:
// index_range(2) -> "0..1", index_range(0) -> "no valid index (empty)".
[[maybe_unused]] std::string index_range(std::size_t n) {
  if (n == 0) return "no valid index (empty)";
  return "0.." + std::to_string(n - 1);
}

constexpr std::int32_t kNone = -1;

// Rank lookups a -> (b -> position / tie rank) for one side.
class RankTable {
 public:
  RankTable(std::size_t na, std::size_t nb) : na_(na), nb_(nb) {
    dense_ = na != 0 && nb <= kDenseLimit / std::max<std::size_t>(na, 1);
    if (dense_) {
      pos_.assign(na * nb, kNone);
      tie_.assign(na * nb, kNone);
    } else {
      sparse_.resize(na);
    }
  }
  void set(std::size_t a, std::size_t b, std::int32_t pos, std::int64_t tie) {
    if (dense_) {
      pos_[a * nb_ + b] = pos;
      tie_[a * nb_ + b] = tie;
    } else {
      sparse_[a].push_back({static_cast<std::int64_t>(b), pos, tie});
    }
  }
  void finish() {
    if (!dense_) {
      for (auto& v : sparse_)
        std::sort(v.begin(), v.end(), [](const E& p, const E& q) { return p.b < q.b; });
    }
  }
  // Position of b in a's list, or -1.
  std::int32_t pos(std::size_t a, std::size_t b) const {
    if (dense_) return pos_[a * nb_ + b];
    const E* e = find(a, b);
    return e ? e->pos : kNone;
  }
  std::int64_t tie(std::size_t a, std::size_t b) const {
    if (dense_) return tie_[a * nb_ + b];
    const E* e = find(a, b);
    return e ? e->tie : kNone;
  }

 private:
  static constexpr std::size_t kDenseLimit = std::size_t{1} << 26;
  struct E {
    std::int64_t b;
    std::int32_t pos;
    std::int64_t tie;
  };
  const E* find(std::size_t a, std::size_t b) const {
    const auto& v = sparse_[a];
    auto it = std::lower_bound(v.begin(), v.end(), static_cast<std::int64_t>(b),
                               [](const E& e, std::int64_t key) { return e.b < key; });
    return (it != v.end() && it->b == static_cast<std::int64_t>(b)) ? &*it : nullptr;
  }
  std::size_t na_, nb_;
  bool dense_ = false;
  std::vector<std::int32_t> pos_;
  std::vector<std::int64_t> tie_;
  std::vector<std::vector<E>> sparse_;
};

void validate_side(const Preferences& p, std::size_t nother, const char* prefs_name,
                   const char* ranks_name) {
  if (!p.ranks.empty() && p.ranks.size() != p.lists.size()) {
    throw InvalidArgument(ranks_name, "has " + std::to_string(p.ranks.size()) +
                                          " lists; expected " + std::to_string(p.lists.size()) +
                                          " (or none for strict preferences)");
  }
  std::vector<std::size_t> seen(nother, static_cast<std::size_t>(-1));
  for (std::size_t a = 0; a < p.lists.size(); ++a) {
    const auto& list = p.lists[a];
    if (list.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw InvalidArgument(index_path(prefs_name, a), "list too long");
    }
    for (std::size_t k = 0; k < list.size(); ++k) {
      const std::int64_t b = list[k];
      if (b < 0 || static_cast<std::size_t>(b) >= nother) {
        throw InvalidArgument(index_path(index_path(prefs_name, a), k),
                              std::to_string(b) + " is outside " + index_range(nother));
      }
      if (seen[static_cast<std::size_t>(b)] == a) {
        throw InvalidArgument(index_path(index_path(prefs_name, a), k),
                              std::to_string(b) + " is listed twice");
      }
      seen[static_cast<std::size_t>(b)] = a;
    }
    if (!p.ranks.empty()) {
      const auto& r = p.ranks[a];
      if (r.size() != list.size()) {
        throw InvalidArgument(index_path(ranks_name, a),
                              "has " + std::to_string(r.size()) + " ranks for " +
                                  std::to_string(list.size()) + " entries");
      }
      for (std::size_t k = 1; k < r.size(); ++k) {
        if (r[k] < r[k - 1]) {
          throw InvalidArgument(index_path(index_path(ranks_name, a), k),
                                "ranks must be non-decreasing along the list");
        }
      }
    }
  }
}

struct Problem {
  std::size_t nr, nh;
  RankTable rrank;  // resident -> hospital
  RankTable hrank;  // hospital -> resident
  // Acceptable lists (both sides list each other), in preference order.
  std::vector<std::vector<std::int32_t>> rlist, hlist;
  std::vector<std::int64_t> cap;
};

Problem build(const Preferences& residents, const Preferences& hospitals,
              const std::vector<std::int64_t>& capacity) {
  const std::size_t nr = residents.lists.size(), nh = hospitals.lists.size();
  if (capacity.size() != nh) {
    throw InvalidArgument("capacity", "has " + std::to_string(capacity.size()) +
                                          " entries; expected one per hospital (" +
                                          std::to_string(nh) + ")");
  }
  if (nr >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) ||
      nh >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw InvalidArgument("resident_prefs", "too many residents or hospitals");
  }
  for (std::size_t h = 0; h < nh; ++h) {
    if (capacity[h] < 0) {
      throw InvalidArgument(index_path("capacity", h),
                            "must be >= 0, got " + std::to_string(capacity[h]));
    }
  }
  validate_side(residents, nh, "resident_prefs", "resident_ranks");
  validate_side(hospitals, nr, "hospital_prefs", "hospital_ranks");
  Problem p{nr, nh, RankTable(nr, nh), RankTable(nh, nr), {}, {}, capacity};
  for (std::size_t r = 0; r < nr; ++r) {
    const auto& l = residents.lists[r];
    for (std::size_t k = 0; k < l.size(); ++k) {
      const std::int64_t tie =
          residents.ranks.empty() ? static_cast<std::int64_t>(k) : residents.ranks[r][k];
      p.rrank.set(r, static_cast<std::size_t>(l[k]), static_cast<std::int32_t>(k), tie);
    }
  }
  for (std::size_t h = 0; h < nh; ++h) {
    const auto& l = hospitals.lists[h];
    for (std::size_t k = 0; k < l.size(); ++k) {
      const std::int64_t tie =
          hospitals.ranks.empty() ? static_cast<std::int64_t>(k) : hospitals.ranks[h][k];
      p.hrank.set(h, static_cast<std::size_t>(l[k]), static_cast<std::int32_t>(k), tie);
    }
  }
  p.rrank.finish();
  p.hrank.finish();
  p.rlist.resize(nr);
  for (std::size_t r = 0; r < nr; ++r) {
    for (const auto h : residents.lists[r]) {
      if (p.hrank.pos(static_cast<std::size_t>(h), r) != kNone) {
        p.rlist[r].push_back(static_cast<std::int32_t>(h));
      }
    }
  }
  p.hlist.resize(nh);
  for (std::size_t h = 0; h < nh; ++h) {
    for (const auto r : hospitals.lists[h]) {
      if (p.rrank.pos(static_cast<std::size_t>(r), h) != kNone) {
        p.hlist[h].push_back(static_cast<std::int32_t>(r));
      }
    }
  }
  return p;
}

// Residents propose; each hospital keeps its best `cap` proposers in a
// max-heap keyed by the hospital's list position.
std::vector<std::int64_t> resident_proposing(const Problem& p) {
  std::vector<std::int64_t> match(p.nr, -1);
  std::vector<std::size_t> next(p.nr, 0);
  using Held = std::pair<std::int32_t, std::int32_t>;  // (position, resident)
  std::vector<std::priority_queue<Held>> held(p.nh);
  std::vector<std::int32_t> stack;
  stack.reserve(p.nr);
  for (std::size_t r = p.nr; r-- > 0;) stack.push_back(static_cast<std::int32_t>(r));
  while (!stack.empty()) {
    const auto r = static_cast<std::size_t>(stack.back());
    stack.pop_back();
    const auto& list = p.rlist[r];
    while (next[r] < list.size()) {
      const auto h = static_cast<std::size_t>(list[next[r]++]);
      if (p.cap[h] == 0) continue;
      const std::int32_t pos = p.hrank.pos(h, r);
      auto& q = held[h];
      if (static_cast<std::int64_t>(q.size()) < p.cap[h]) {
        q.push({pos, static_cast<std::int32_t>(r)});
        match[r] = static_cast<std::int64_t>(h);
        break;
      }
      if (pos < q.top().first) {
        const auto out = static_cast<std::size_t>(q.top().second);
        q.pop();
        match[out] = -1;
        q.push({pos, static_cast<std::int32_t>(r)});
        match[r] = static_cast<std::int64_t>(h);
        stack.push_back(static_cast<std::int32_t>(out));
        break;
      }
    }
  }
  return match;
}

// Hospitals with room propose down their lists; a resident holds the best
// offer by its own list position.
std::vector<std::int64_t> hospital_proposing(const Problem& p) {
  std::vector<std::int64_t> match(p.nr, -1);
  std::vector<std::size_t> next(p.nh, 0);
  std::vector<std::int64_t> load(p.nh, 0);
  std::vector<std::int32_t> stack;
  for (std::size_t h = p.nh; h-- > 0;) stack.push_back(static_cast<std::int32_t>(h));
  while (!stack.empty()) {
    const auto h = static_cast<std::size_t>(stack.back());
    stack.pop_back();
    const auto& list = p.hlist[h];
    while (load[h] < p.cap[h] && next[h] < list.size()) {
      const auto r = static_cast<std::size_t>(list[next[h]++]);
      const std::int64_t cur = match[r];
      if (cur >= 0 && p.rrank.pos(r, static_cast<std::size_t>(cur)) <= p.rrank.pos(r, h)) {
        continue;
      }
      if (cur >= 0) {
        const auto c = static_cast<std::size_t>(cur);
        --load[c];
        if (load[c] + 1 == p.cap[c] && next[c] < p.hlist[c].size()) {
          stack.push_back(static_cast<std::int32_t>(c));
        }
      }
      match[r] = static_cast<std::int64_t>(h);
      ++load[h];
    }
  }
  return match;
}

}  // namespace

StableMatching stable_match(const Preferences& residents, const Preferences& hospitals,
                            const std::vector<std::int64_t>& capacity, StableOptimal optimal) {
  const Problem p = build(residents, hospitals, capacity);
  StableMatching out;
  out.resident_hospital =
      optimal == StableOptimal::resident ? resident_proposing(p) : hospital_proposing(p);
  out.hospital_residents.resize(p.nh);
  for (std::size_t r = 0; r < p.nr; ++r) {
    const std::int64_t h = out.resident_hospital[r];
    if (h >= 0)
      out.hospital_residents[static_cast<std::size_t>(h)].push_back(static_cast<std::int64_t>(r));
  }
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> blocking_pairs(
    const Preferences& residents, const Preferences& hospitals,
    const std::vector<std::int64_t>& capacity, const std::vector<std::int64_t>& resident_hospital) {
  const Problem p = build(residents, hospitals, capacity);
  if (resident_hospital.size() != p.nr) {
    throw InvalidArgument("matching", "has " + std::to_string(resident_hospital.size()) +
                                          " entries; expected one per resident (" +
                                          std::to_string(p.nr) + ")");
  }
  std::vector<std::int64_t> load(p.nh, 0);
  // The worst (largest) tie rank each hospital holds.
  std::vector<std::int64_t> worst(p.nh, std::numeric_limits<std::int64_t>::min());
  for (std::size_t r = 0; r < p.nr; ++r) {
    const std::int64_t h = resident_hospital[r];
    if (h == -1) continue;
    const std::string field = index_path("matching", r);
    if (h < 0 || static_cast<std::size_t>(h) >= p.nh) {
      throw InvalidArgument(field, std::to_string(h) + " is not a hospital (0.." +
                                       std::to_string(p.nh) + ", or -1 for unmatched)");
    }
    const auto uh = static_cast<std::size_t>(h);
    if (p.rrank.pos(r, uh) == kNone || p.hrank.pos(uh, r) == kNone) {
      throw InvalidArgument(field, "resident " + std::to_string(r) + " and hospital " +
                                       std::to_string(h) + " are not mutually acceptable");
    }
    if (++load[uh] > p.cap[uh]) {
      throw InvalidArgument(field, "hospital " + std::to_string(h) + " is over its capacity " +
                                       std::to_string(p.cap[uh]));
    }
    worst[uh] = std::max(worst[uh], p.hrank.tie(uh, r));
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::size_t r = 0; r < p.nr; ++r) {
    const std::int64_t cur = resident_hospital[r];
    const std::int64_t cur_tie = cur >= 0 ? p.rrank.tie(r, static_cast<std::size_t>(cur))
                                          : std::numeric_limits<std::int64_t>::max();
    for (const auto hh : p.rlist[r]) {
      const auto h = static_cast<std::size_t>(hh);
      if (static_cast<std::int64_t>(h) == cur) continue;
      if (!(p.rrank.tie(r, h) < cur_tie)) continue;
      if (p.cap[h] == 0) continue;
      if (load[h] < p.cap[h] || p.hrank.tie(h, r) < worst[h]) {
        out.emplace_back(static_cast<std::int64_t>(r), static_cast<std::int64_t>(h));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace homeward
