// Stable matching with capacities (hw_assignment_stable_match) against brute force on
// small instances, and hw_assignment_stable_blocking_pairs_json against an independent
// blocking-pair check on arbitrary matchings.
//  - every result is a valid matching (acceptable pairs, capacities) with no
//    blocking pair (weak stability when lists have ties);
//  - with strict lists: the resident-optimal result is at least as good for
//    every resident as every stable matching found by enumeration, and the
//    hospital-optimal one at least as bad (the lattice's two ends).
// Input: the instance, then a matching to test blocking pairs on.
#include "fuzz_common.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace {

struct Instance {
  size_t nr = 0, nh = 0;
  std::vector<std::vector<std::int64_t>> rlist, hlist;  // preference order
  std::vector<std::vector<std::int64_t>> rrank, hrank;  // tie ranks, same layout
  std::vector<std::int64_t> cap;
  bool strict = true;
  // rank_r[r][h] / rank_h[h][r]: position in the list, -1 when not acceptable.
  std::vector<std::vector<std::int64_t>> rank_r, rank_h;
};

Instance decode(fuzz::Input& in) {
  Instance x;
  x.nr = in.below(6);
  x.nh = 1 + in.below(3);
  x.strict = in.flag();
  x.cap.resize(x.nh);
  for (auto& c : x.cap) c = static_cast<std::int64_t>(in.below(3));
  std::vector<std::vector<bool>> ok(x.nr, std::vector<bool>(x.nh));
  for (size_t r = 0; r < x.nr; ++r)
    for (size_t h = 0; h < x.nh; ++h) ok[r][h] = in.below(4) != 0;
  x.rlist.resize(x.nr);
  x.hlist.resize(x.nh);
  for (size_t r = 0; r < x.nr; ++r)
    for (size_t h = 0; h < x.nh; ++h)
      if (ok[r][h]) x.rlist[r].push_back(static_cast<std::int64_t>(h));
  for (size_t h = 0; h < x.nh; ++h)
    for (size_t r = 0; r < x.nr; ++r)
      if (ok[r][h]) x.hlist[h].push_back(static_cast<std::int64_t>(r));
  // Shuffle each list with the fuzz bytes; ranks: strict or with ties.
  auto shuffle = [&](std::vector<std::int64_t>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[in.below(i)]);
  };
  auto ranks = [&](const std::vector<std::int64_t>& v) {
    std::vector<std::int64_t> rk(v.size());
    std::int64_t cur = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0 && (x.strict || in.flag())) ++cur;
      rk[i] = cur;
    }
    return rk;
  };
  for (auto& l : x.rlist) {
    shuffle(l);
    x.rrank.push_back(ranks(l));
  }
  for (auto& l : x.hlist) {
    shuffle(l);
    x.hrank.push_back(ranks(l));
  }
  x.rank_r.assign(x.nr, std::vector<std::int64_t>(x.nh, -1));
  x.rank_h.assign(x.nh, std::vector<std::int64_t>(x.nr, -1));
  for (size_t r = 0; r < x.nr; ++r)
    for (size_t i = 0; i < x.rlist[r].size(); ++i)
      x.rank_r[r][static_cast<size_t>(x.rlist[r][i])] = x.rrank[r][i];
  for (size_t h = 0; h < x.nh; ++h)
    for (size_t i = 0; i < x.hlist[h].size(); ++i)
      x.rank_h[h][static_cast<size_t>(x.hlist[h][i])] = x.hrank[h][i];
  return x;
}

struct Csr {
  std::vector<std::int64_t> ptr{0}, idx, rank;
};
Csr csr(const std::vector<std::vector<std::int64_t>>& lists,
        const std::vector<std::vector<std::int64_t>>& ranks) {
  Csr c;
  for (size_t i = 0; i < lists.size(); ++i) {
    c.idx.insert(c.idx.end(), lists[i].begin(), lists[i].end());
    c.rank.insert(c.rank.end(), ranks[i].begin(), ranks[i].end());
    c.ptr.push_back(static_cast<std::int64_t>(c.idx.size()));
  }
  return c;
}

bool valid(const Instance& x, const std::vector<std::int64_t>& m) {
  std::vector<std::int64_t> load(x.nh, 0);
  for (size_t r = 0; r < x.nr; ++r) {
    if (m[r] == -1) continue;
    if (m[r] < 0 || static_cast<size_t>(m[r]) >= x.nh) return false;
    const size_t h = static_cast<size_t>(m[r]);
    if (x.rank_r[r][h] < 0 || x.rank_h[h][r] < 0) return false;
    if (++load[h] > x.cap[h]) return false;
  }
  return true;
}

// Blocking pairs (r, h) of a valid matching: both acceptable, r strictly
// prefers h to its place (or has none), and h has room or strictly prefers r
// to its worst resident.
std::vector<std::pair<std::int64_t, std::int64_t>> blocking(const Instance& x,
                                                            const std::vector<std::int64_t>& m) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (size_t r = 0; r < x.nr; ++r) {
    for (size_t h = 0; h < x.nh; ++h) {
      if (x.rank_r[r][h] < 0 || x.rank_h[h][r] < 0 || m[r] == static_cast<std::int64_t>(h))
        continue;
      if (m[r] >= 0 && x.rank_r[r][static_cast<size_t>(m[r])] <= x.rank_r[r][h]) continue;
      std::int64_t load = 0, worst = -1;
      for (size_t q = 0; q < x.nr; ++q) {
        if (m[q] != static_cast<std::int64_t>(h)) continue;
        ++load;
        worst = std::max(worst, x.rank_h[h][q]);
      }
      if (load < x.cap[h] || (load > 0 && x.rank_h[h][r] < worst)) {
        out.emplace_back(static_cast<std::int64_t>(r), static_cast<std::int64_t>(h));
      }
    }
  }
  return out;
}

std::string to_json(const std::vector<std::pair<std::int64_t, std::int64_t>>& pairs) {
  std::string s = "[";
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i) s += ",";
    s += "[" + std::to_string(pairs[i].first) + "," + std::to_string(pairs[i].second) + "]";
  }
  return s + "]";
}

std::string strip_spaces(const std::string& s) {
  std::string o;
  for (char c : s)
    if (c != ' ' && c != '\n') o += c;
  return o;
}

void enumerate(const Instance& x, std::vector<std::int64_t>& m, size_t r,
               std::vector<std::vector<std::int64_t>>& stable) {
  if (r == x.nr) {
    if (valid(x, m) && blocking(x, m).empty()) stable.push_back(m);
    return;
  }
  m[r] = -1;
  enumerate(x, m, r + 1, stable);
  for (auto h : x.rlist[r]) {
    m[r] = h;
    enumerate(x, m, r + 1, stable);
  }
  m[r] = -1;
}

std::int64_t rank_of(const Instance& x, size_t r, std::int64_t h) {
  return h < 0 ? 1000 : x.rank_r[r][static_cast<size_t>(h)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1024) return 0;
  fuzz::Input in(data, size);
  const Instance x = decode(in);
  const Csr res = csr(x.rlist, x.rrank), hosp = csr(x.hlist, x.hrank);
  const std::int64_t* rr = x.strict && in.flag() ? nullptr : res.rank.data();
  const std::int64_t* hr = x.strict && in.flag() ? nullptr : hosp.rank.data();

  std::vector<std::vector<std::int64_t>> stable;
  std::vector<std::int64_t> scratch(x.nr, -1);
  enumerate(x, scratch, 0, stable);
  FUZZ_CHECK(!stable.empty(), "brute force found no stable matching (there always is one)");

  for (int optimal = 0; optimal < 2; ++optimal) {
    std::vector<std::int64_t> m(x.nr, -7);
    fuzz::must(
        hw_assignment_stable_match(
            m.data(), x.nr, res.ptr.data(), res.idx.data(), rr, x.nh, hosp.ptr.data(),
            hosp.idx.data(), hr, x.cap.data(),
            optimal ? HW_ASSIGNMENT_HOSPITAL_OPTIMAL : HW_ASSIGNMENT_RESIDENT_OPTIMAL, fuzz::E()),
        "hw_assignment_stable_match");
    FUZZ_CHECK(valid(x, m), "not a valid matching");
    FUZZ_CHECK(blocking(x, m).empty(),
               "the matching has a blocking pair: " + to_json(blocking(x, m)));
    fuzz::Str bp;
    fuzz::must(hw_assignment_stable_blocking_pairs_json(
                   bp.out(), x.nr, res.ptr.data(), res.idx.data(), rr, x.nh, hosp.ptr.data(),
                   hosp.idx.data(), hr, x.cap.data(), m.data(), fuzz::E()),
               "hw_assignment_stable_blocking_pairs_json");
    FUZZ_CHECK(strip_spaces(bp.str()) == "[]",
               "the library finds blocking pairs in its own result");
    if (!x.strict) continue;
    for (const auto& s : stable) {
      for (size_t r = 0; r < x.nr; ++r) {
        if (optimal == 0) {
          FUZZ_CHECK(rank_of(x, r, m[r]) <= rank_of(x, r, s[r]), "not resident-optimal");
        } else {
          FUZZ_CHECK(rank_of(x, r, m[r]) >= rank_of(x, r, s[r]), "not hospital-optimal");
        }
      }
    }
  }

  // Blocking pairs of an arbitrary valid matching, against the independent check.
  std::vector<std::int64_t> any(x.nr, -1);
  for (size_t r = 0; r < x.nr; ++r) {
    const size_t k = in.below(x.rlist[r].size() + 1);
    if (k < x.rlist[r].size()) any[r] = x.rlist[r][k];
  }
  if (valid(x, any)) {
    fuzz::Str bp;
    fuzz::must(hw_assignment_stable_blocking_pairs_json(
                   bp.out(), x.nr, res.ptr.data(), res.idx.data(), rr, x.nh, hosp.ptr.data(),
                   hosp.idx.data(), hr, x.cap.data(), any.data(), fuzz::E()),
               "hw_assignment_stable_blocking_pairs_json");
    FUZZ_CHECK(strip_spaces(bp.str()) == to_json(blocking(x, any)),
               "blocking pairs " + bp.str() + " != " + to_json(blocking(x, any)));
  }
  return 0;
}
