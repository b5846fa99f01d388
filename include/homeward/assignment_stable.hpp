// homeward: stable matching with capacities (hospitals/residents).
//
// Residents (people) rank hospitals (places); hospitals rank residents and
// take at most capacity[h] of them. Lists may be incomplete: a pair is
// acceptable only when each side lists the other (a one-sided listing is
// ignored). Ties are allowed: `ranks` gives each listed entry a tie-group
// rank (smaller is better, equal means tied, non-decreasing along the list);
// leave ranks empty for strict lists.
//
// Tie-breaking: the solvers break ties by list order (the earlier entry of a
// tie group is treated as preferred). The result is stable for the
// tie-broken lists and therefore weakly stable for the lists with ties: no
// resident and hospital both strictly prefer each other to their outcome.
//
// Algorithms: resident-proposing Gale-Shapley (the resident-optimal stable
// matching) or hospital-proposing (hospital-optimal), O(total list length)
// proposals; deterministic (free agents propose in index order, a stack).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace homeward {

struct Preferences {
  // lists[a] = the other side's indices, most preferred first.
  std::vector<std::vector<std::int64_t>> lists;
  // Optional tie ranks, same shape as lists; empty = strict order.
  std::vector<std::vector<std::int64_t>> ranks;
};

enum class StableOptimal { resident, hospital };

struct StableMatching {
  std::vector<std::int64_t> resident_hospital;                // per resident, or -1
  std::vector<std::vector<std::int64_t>> hospital_residents;  // per hospital, ascending
};

// Field names in errors: "resident_prefs[3][2]", "hospital_prefs[1]",
// "resident_ranks[0][4]", "capacity[2]".
StableMatching stable_match(const Preferences& residents, const Preferences& hospitals,
                            const std::vector<std::int64_t>& capacity,
                            StableOptimal optimal = StableOptimal::resident);

// The pairs (resident, hospital) blocking `resident_hospital` (ascending):
// mutually acceptable, the resident is unmatched or strictly prefers the
// hospital, and the hospital has room or strictly prefers the resident to
// one it holds. Throws InvalidArgument if the matching itself is invalid
// (unknown index, an unacceptable pair, a hospital over capacity).
std::vector<std::pair<std::int64_t, std::int64_t>> blocking_pairs(
    const Preferences& residents, const Preferences& hospitals,
    const std::vector<std::int64_t>& capacity, const std::vector<std::int64_t>& resident_hospital);

inline bool is_stable(const Preferences& residents, const Preferences& hospitals,
                      const std::vector<std::int64_t>& capacity,
                      const std::vector<std::int64_t>& resident_hospital) {
  return blocking_pairs(residents, hospitals, capacity, resident_hospital).empty();
}

}  // namespace homeward
