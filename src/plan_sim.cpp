// Capacity planning: the discrete-event simulation, replications in
// parallel, the warm-up (MSER-5) and scenario sweeps.
#include "homeward/error.hpp"
#include "homeward/plan.hpp"

#include "plan_internal.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <exception>
#include <initializer_list>
#include <mutex>
#include <queue>
#include <thread>

namespace homeward {
namespace plan_detail {

// ---------------------------------------------------------------------------
// Parallel replications

void parallel_for(std::int64_t n, std::int32_t threads,
                  const std::function<void(std::int64_t)>& work, const PlanProgress& progress) {
  if (n <= 0) {
    if (progress) progress(0, 0);
    return;
  }
  std::int64_t nt =
      threads > 0 ? threads : static_cast<std::int64_t>(std::thread::hardware_concurrency());
  nt = std::max<std::int64_t>(1, std::min(nt, n));
  std::atomic<std::int64_t> next{0};
  std::atomic<std::int64_t> done{0};
  std::atomic<bool> stop{false};
  std::mutex error_mutex;
  std::int64_t error_index = -1;
  std::exception_ptr error;

  auto run_one = [&](std::int64_t i) {
    try {
      work(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (error_index < 0 || i < error_index) {
        error_index = i;
        error = std::current_exception();
      }
      stop = true;
    }
    done.fetch_add(1);
  };
  auto loop = [&] {
    while (!stop.load()) {
      const std::int64_t i = next.fetch_add(1);
      if (i >= n) break;
      run_one(i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(nt - 1));
  for (std::int64_t t = 1; t < nt; ++t) pool.emplace_back(loop);
  // The calling thread works too, and reports progress between its items.
  bool cancelled = false;
  auto last = std::chrono::steady_clock::now();
  while (!stop.load()) {
    const std::int64_t i = next.fetch_add(1);
    if (i >= n) break;
    run_one(i);
    if (progress) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last > std::chrono::milliseconds(100)) {
        last = now;
        if (!progress(done.load(), n)) {
          cancelled = true;
          stop = true;
        }
      }
    }
  }
  // Keep reporting while the other threads finish.
  if (progress && !cancelled && !pool.empty()) {
    while (done.load() < std::min(next.load(), n) && !stop.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const auto now = std::chrono::steady_clock::now();
      if (now - last > std::chrono::milliseconds(100)) {
        last = now;
        if (!progress(done.load(), n)) {
          cancelled = true;
          stop = true;
        }
      }
    }
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (cancelled) throw InvalidArgument("progress", "cancelled by the progress callback");
  if (progress && !progress(n, n))
    throw InvalidArgument("progress", "cancelled by the progress callback");
}

}  // namespace plan_detail

namespace {

using plan_detail::Rng;
using plan_detail::Sampler;

// Everything derived from the model once, shared (read-only) by every run.
struct Prepared {
  const PlanModel* model = nullptr;
  Sampler los;
  Sampler readmission_delay;
  std::vector<Sampler> support;
  // Monthly arrivals: segment boundaries (days from the run's time 0 to the
  // start of each calendar month) and rates, covering [0, end].
  std::vector<double> seg_start;
  std::vector<double> seg_rate;
  std::vector<double> replay;  // replayed arrival times, sorted
  std::vector<double> priority_cum;
  double warmup = 0.0;
  double end = 0.0;
};

Prepared prepare(const PlanModel& m, double warmup) {
  Prepared p;
  p.model = &m;
  p.los = Sampler(m.length_of_stay);
  if (m.readmission > 0.0) p.readmission_delay = Sampler(m.readmission_delay);
  for (const WorkerRole& r : m.workers) p.support.emplace_back(r.support);
  p.warmup = warmup;
  p.end = warmup + m.horizon_days;
  if (m.arrivals.kind == ArrivalKind::monthly) {
    // Time t corresponds to the date start + (t - warmup) days.
    const auto offset = static_cast<long>(std::floor(warmup));
    Date d = m.start - boost::gregorian::days(offset);
    double t = warmup - static_cast<double>(offset);  // time of date d
    Date month_start(d.year(), d.month(), 1);
    p.seg_start.push_back(0.0);
    p.seg_rate.push_back(m.arrivals.monthly_rates[static_cast<std::size_t>(d.month() - 1)]);
    for (;;) {
      const Date next = month_start + boost::gregorian::months(1);
      const double tb = t + static_cast<double>((next - d).days());
      if (tb > p.end) break;
      p.seg_start.push_back(tb);
      p.seg_rate.push_back(m.arrivals.monthly_rates[static_cast<std::size_t>(next.month() - 1)]);
      month_start = next;
    }
  } else if (m.arrivals.kind == ArrivalKind::replay) {
    for (const Date& d : m.arrivals.dates) {
      const double t = warmup + static_cast<double>((d - m.start).days());
      if (t >= 0.0 && t < p.end) p.replay.push_back(t);
    }
    std::sort(p.replay.begin(), p.replay.end());
  }
  if (m.queue == QueueDiscipline::priority) {
    double c = 0.0;
    for (double s : m.priority_shares) {
      c += s;
      p.priority_cum.push_back(c);
    }
  }
  return p;
}

enum EventKind : std::uint8_t { kArrival = 0, kReturn = 1, kDepart = 2, kSupportEnd = 3 };

struct Event {
  double t;
  std::uint64_t seq;
  std::int32_t person;
  std::int16_t role;
  std::uint8_t kind;
};
struct Later {
  bool operator()(const Event& a, const Event& b) const {
    if (a.t != b.t) return a.t > b.t;
    return a.seq > b.seq;
  }
};

struct Person {
  double ready = 0.0;
  double los = 0.0;
  double readmit_delay = -1.0;  // < 0: not readmitted
  std::uint8_t priority = 0;
  bool home = false;
};

class Run {
 public:
  Run(const Prepared& p, std::int32_t replication, bool series)
      : p_(p),
        m_(*p.model),
        arr_(m_.seed, static_cast<std::uint64_t>(replication) * 4 + 0),
        att_(m_.seed, static_cast<std::uint64_t>(replication) * 4 + 1),
        ret_(m_.seed, static_cast<std::uint64_t>(replication) * 4 + 2),
        series_(series) {
    const std::size_t roles = m_.workers.size();
    active_.assign(roles, 0);
    wq_.resize(roles);
    area_active_.assign(roles, 0.0);
    area_wq_.assign(roles, 0.0);
    peak_demand_.assign(roles, 0.0);
    wait_sum_.assign(roles, 0.0);
    wait_n_.assign(roles, 0);
    demand_days_.resize(roles);
    queues_.resize(m_.queue == QueueDiscipline::priority ? m_.priority_shares.size() : 1);
    class_wait_.assign(queues_.size(), 0.0);
    class_n_.assign(queues_.size(), 0);
    days_ = static_cast<std::size_t>(std::ceil(m_.horizon_days));
    if (series_) {
      occ_day_.assign(days_, 0.0);
      wait_day_.assign(days_, 0.0);
    }
  }

  RunResult go() {
    schedule_next_arrival(0.0);
    // The one pending arrival is kept beside the heap (a heap of departures,
    // returns and support ends): the same order as one queue of every event,
    // by time and then by scheduling order (seq), with half the heap work.
    for (;;) {
      bool arrival = arrival_pending_;
      if (!events_.empty()) {
        const Event& top = events_.top();
        arrival = arrival_pending_ &&
                  (arrival_t_ < top.t || (arrival_t_ == top.t && arrival_seq_ < top.seq));
      } else if (!arrival_pending_) {
        break;
      }
      if (arrival) {
        const double t = arrival_t_;
        if (t > p_.end) break;
        arrival_pending_ = false;
        advance(t);
        arrive(t, false);
        schedule_next_arrival(t);
        continue;
      }
      const Event e = events_.top();
      if (e.t > p_.end) break;
      events_.pop();
      advance(e.t);
      switch (e.kind) {
        case kArrival: break;  // arrivals are not queued here
        case kReturn: arrive(e.t, true); break;
        case kDepart: depart(e.t, e.person); break;
        case kSupportEnd: support_end(e.t, e.role); break;
      }
    }
    advance(p_.end);
    return finish();
  }

 private:
  void push(double t, EventKind k, std::int32_t person, std::int16_t role = 0) {
    events_.push(Event{t, seq_++, person, role, k});
  }
  void push_arrival(double t) {
    arrival_t_ = t;
    arrival_seq_ = seq_++;
    arrival_pending_ = true;
  }

  void schedule_next_arrival(double t) {
    const Arrivals& a = m_.arrivals;
    switch (a.kind) {
      case ArrivalKind::poisson:
        if (a.rate_per_day > 0.0) push_arrival(t + arr_.exponential(1.0 / a.rate_per_day));
        break;
      case ArrivalKind::monthly: {
        // Piecewise-constant rate: draw within the month; past its end,
        // restart at the boundary (the exponential is memoryless).
        std::size_t s = seg_;
        double now = t;
        while (s < p_.seg_start.size()) {
          const double boundary = s + 1 < p_.seg_start.size() ? p_.seg_start[s + 1] : p_.end + 1.0;
          const double rate = p_.seg_rate[s];
          if (rate > 0.0) {
            const double cand = now + arr_.exponential(1.0 / rate);
            if (cand < boundary) {
              seg_ = s;
              push_arrival(cand);
              return;
            }
          }
          now = boundary;
          ++s;
        }
        seg_ = s;
        break;
      }
      case ArrivalKind::replay:
        if (replay_next_ < p_.replay.size()) push_arrival(p_.replay[replay_next_++]);
        break;
    }
  }

  // Time integrals over the measured window [warmup, end], split by day.
  void advance(double t) {
    const double w = p_.warmup;
    const double a = std::max(last_, w);
    const double b = std::min(t, p_.end);
    if (b > a) {
      const double dt = b - a;
      area_occ_ += occ_ * dt;
      area_wait_ += static_cast<double>(waiting_) * dt;
      for (std::size_t r = 0; r < active_.size(); ++r) {
        area_active_[r] += static_cast<double>(active_[r]) * dt;
        area_wq_[r] += static_cast<double>(wq_[r].size()) * dt;
      }
      if (series_) {
        double x = a;
        while (x < b) {
          const auto k = std::min(static_cast<std::size_t>(x - w), days_ - 1);
          const double edge = std::min(b, w + static_cast<double>(k) + 1.0);
          occ_day_[k] += occ_ * (edge - x);
          wait_day_[k] += static_cast<double>(waiting_) * (edge - x);
          if (edge <= x) break;
          x = edge;
        }
      }
    }
    // Daily samples of each role's demand, at the start of each day.
    if (!active_.empty()) {
      while (next_day_ < days_ && w + static_cast<double>(next_day_) <= t) {
        for (std::size_t r = 0; r < active_.size(); ++r) {
          demand_days_[r].push_back(
              static_cast<double>(active_[r] + static_cast<std::int64_t>(wq_[r].size())));
        }
        ++next_day_;
      }
    }
    last_ = t;
  }

  bool in_window(double t) const { return t >= p_.warmup; }

  std::int32_t new_person(double t, Rng& rng) {
    Person q;
    q.ready = t;
    q.home = m_.straight_home > 0.0 && rng.uniform() < m_.straight_home;
    q.los = p_.los(rng);
    if (!p_.priority_cum.empty()) {
      const double u = rng.uniform();
      std::size_t c = 0;
      while (c + 1 < p_.priority_cum.size() && u >= p_.priority_cum[c]) ++c;
      q.priority = static_cast<std::uint8_t>(c);
    }
    if (m_.readmission > 0.0 && rng.uniform() < m_.readmission)
      q.readmit_delay = p_.readmission_delay(rng);
    if (static_cast<std::int64_t>(people_.size()) >= m_.max_people) {
      throw InvalidArgument(
          "model.max_people",
          "a replication reached " + std::to_string(m_.max_people) +
              " people ready for discharge (arrivals over the warm-up and horizon, plus "
              "readmissions): lower arrivals, horizon_days, warmup_days or readmission, or raise "
              "max_people");
    }
    people_.push_back(q);
    const auto id = static_cast<std::int32_t>(people_.size() - 1);
    // Worker needs and support durations, drawn now so that every scenario
    // of a sweep gives a person the same needs (common random numbers).
    for (std::size_t r = 0; r < m_.workers.size(); ++r) {
      const bool needs = m_.workers[r].share >= 1.0 || rng.uniform() < m_.workers[r].share;
      support_.push_back(needs ? p_.support[r](rng) : -1.0);
    }
    return id;
  }

  void arrive(double t, bool readmitted) {
    const std::int32_t id = new_person(t, readmitted ? ret_ : att_);
    const bool win = in_window(t);
    if (win) {
      ++arrivals_;
      if (readmitted) ++readmissions_;
    }
    const Person& q = people_[static_cast<std::size_t>(id)];
    if (q.home) {
      if (win) ++home_;
      start_support(t, id);
      return;
    }
    if (win) ++need_bed_;
    if (occ_ < static_cast<double>(m_.beds)) {
      admit(t, id);
      return;
    }
    if (m_.max_queue && waiting_ >= *m_.max_queue) {
      if (win) ++diverted_;
      return;
    }
    queues_[q.priority].push_back(id);
    ++waiting_;
    if (win) max_waiting_ = std::max(max_waiting_, static_cast<double>(waiting_));
  }

  void admit(double t, std::int32_t id) {
    const Person& q = people_[static_cast<std::size_t>(id)];
    occ_ += 1.0;
    if (in_window(t)) {
      ++placed_;
      waits_.push_back(t - q.ready);
      if (!p_.priority_cum.empty()) {
        class_wait_[q.priority] += t - q.ready;
        ++class_n_[q.priority];
      }
    }
    push(t + q.los, kDepart, id);
    start_support(t, id);
  }

  void depart(double t, std::int32_t id) {
    occ_ -= 1.0;
    const Person& q = people_[static_cast<std::size_t>(id)];
    if (q.readmit_delay >= 0.0) push(t + q.readmit_delay, kReturn, -1);
    for (auto& qu : queues_) {
      if (!qu.empty()) {
        const std::int32_t next = qu.front();
        qu.pop_front();
        --waiting_;
        admit(t, next);
        break;
      }
    }
  }

  void start_support(double t, std::int32_t id) {
    for (std::size_t r = 0; r < m_.workers.size(); ++r) {
      const double dur = support_[static_cast<std::size_t>(id) * m_.workers.size() + r];
      if (dur < 0.0) continue;
      const WorkerRole& role = m_.workers[r];
      const std::int64_t cap = static_cast<std::int64_t>(role.count) * role.caseload_limit;
      if (role.count == 0 || active_[r] < cap) {
        begin_support(t, t, id, r);
      } else {
        wq_[r].push_back({id, t});
      }
      note_demand(r, t);
    }
  }

  void begin_support(double t, double requested, std::int32_t id, std::size_t r) {
    ++active_[r];
    if (in_window(t)) {
      wait_sum_[r] += t - requested;
      ++wait_n_[r];
    }
    push(t + support_[static_cast<std::size_t>(id) * m_.workers.size() + r], kSupportEnd, id,
         static_cast<std::int16_t>(r));
  }

  void support_end(double t, std::int16_t role) {
    const auto r = static_cast<std::size_t>(role);
    --active_[r];
    if (!wq_[r].empty()) {
      const auto w = wq_[r].front();
      wq_[r].pop_front();
      begin_support(t, w.second, w.first, r);
    }
  }

  void note_demand(std::size_t r, double t) {
    if (in_window(t)) {
      peak_demand_[r] =
          std::max(peak_demand_[r],
                   static_cast<double>(active_[r] + static_cast<std::int64_t>(wq_[r].size())));
    }
  }

  RunResult finish() {
    RunResult out;
    const double h = m_.horizon_days;
    out.arrivals = arrivals_;
    out.straight_home = home_;
    out.diverted = diverted_;
    out.placed = placed_;
    out.readmissions = readmissions_;
    out.waiting_at_end = waiting_;
    out.mean_occupancy = area_occ_ / h;
    out.occupancy = m_.beds > 0 ? out.mean_occupancy / m_.beds : 0.0;
    out.mean_waiting = area_wait_ / h;
    out.max_waiting = max_waiting_;
    out.crfd_days = area_wait_;
    out.step_down_days = area_occ_;
    out.bed_days_avoided = area_occ_;
    out.savings = area_occ_ * (m_.costs.inpatient_day_cost - m_.costs.step_down_day_cost);
    out.delay_cost = area_wait_ * m_.costs.inpatient_day_cost;
    std::sort(waits_.begin(), waits_.end());
    if (!waits_.empty()) {
      double s = 0.0;
      std::int64_t waited = 0, within = 0;
      for (double x : waits_) {
        s += x;
        if (x > 0.0) ++waited;
        if (x <= m_.target.days) ++within;
      }
      const auto n = static_cast<double>(waits_.size());
      out.mean_wait = s / n;
      out.waited_fraction = static_cast<double>(waited) / n;
      out.within_target = static_cast<double>(within) / n;
      out.wait_p50 = plan_detail::quantile_sorted(waits_, 0.5);
      out.wait_p90 = plan_detail::quantile_sorted(waits_, 0.9);
      out.wait_p95 = plan_detail::quantile_sorted(waits_, 0.95);
    } else if (need_bed_ > 0 || waiting_ > 0) {
      out.within_target = 0.0;  // people needed a bed and nobody was placed
    }
    out.blocking =
        need_bed_ > 0 ? static_cast<double>(diverted_) / static_cast<double>(need_bed_) : 0.0;
    out.littles_lambda_w = static_cast<double>(placed_) / h * out.mean_wait;
    if (!p_.priority_cum.empty()) {
      for (std::size_t c = 0; c < class_n_.size(); ++c) {
        out.mean_wait_by_priority.push_back(
            class_n_[c] > 0 ? class_wait_[c] / static_cast<double>(class_n_[c]) : 0.0);
      }
    }
    for (std::size_t r = 0; r < m_.workers.size(); ++r) {
      const WorkerRole& role = m_.workers[r];
      WorkerRun w;
      w.mean_demand = (area_active_[r] + area_wq_[r]) / h;
      w.peak_demand = peak_demand_[r];
      w.p95_demand = plan_detail::quantile(demand_days_[r], 0.95);
      w.peak_demand = std::max(
          w.peak_demand, demand_days_[r].empty()
                             ? 0.0
                             : *std::max_element(demand_days_[r].begin(), demand_days_[r].end()));
      w.workers_needed =
          static_cast<std::int32_t>(std::ceil(w.p95_demand / role.caseload_limit - 1e-9));
      const double staff = role.count > 0 ? role.count : std::max(1, w.workers_needed);
      w.mean_caseload = area_active_[r] / h / staff;
      w.mean_wait_days = wait_n_[r] > 0 ? wait_sum_[r] / static_cast<double>(wait_n_[r]) : 0.0;
      out.workers.push_back(w);
    }
    if (series_) {
      for (std::size_t k = 0; k < days_; ++k) {
        const double len = std::min(1.0, m_.horizon_days - static_cast<double>(k));
        occ_day_[k] /= len;
        wait_day_[k] /= len;
      }
      out.daily_occupancy = std::move(occ_day_);
      out.daily_waiting = std::move(wait_day_);
      out.waits = std::move(waits_);
    }
    return out;
  }

  const Prepared& p_;
  const PlanModel& m_;
  Rng arr_, att_, ret_;
  bool series_;
  std::priority_queue<Event, std::vector<Event>, Later> events_;
  std::uint64_t seq_ = 0;
  double arrival_t_ = 0.0;
  std::uint64_t arrival_seq_ = 0;
  bool arrival_pending_ = false;
  std::size_t seg_ = 0;
  std::size_t replay_next_ = 0;
  std::vector<Person> people_;
  std::vector<double> support_;
  std::vector<std::deque<std::int32_t>> queues_;
  double occ_ = 0.0;
  std::int64_t waiting_ = 0;
  double last_ = 0.0;
  double area_occ_ = 0.0, area_wait_ = 0.0;
  std::vector<std::int64_t> active_;
  std::vector<std::deque<std::pair<std::int32_t, double>>> wq_;
  std::vector<double> area_active_, area_wq_, peak_demand_, wait_sum_;
  std::vector<std::int64_t> wait_n_;
  std::vector<std::vector<double>> demand_days_;
  std::size_t next_day_ = 0;
  std::size_t days_ = 0;
  std::vector<double> occ_day_, wait_day_;
  std::vector<double> waits_;
  std::vector<double> class_wait_;
  std::vector<std::int64_t> class_n_;
  std::int64_t arrivals_ = 0, home_ = 0, diverted_ = 0, placed_ = 0, readmissions_ = 0,
               need_bed_ = 0;
  double max_waiting_ = 0.0;
};

RunResult run_prepared(const Prepared& p, std::int32_t replication, bool series) {
  Run run(p, replication, series);
  return run.go();
}

double mser5(const std::vector<double>& y) {
  // MSER-5 (White 1997): batch means of 5 days; the truncation d (in
  // batches, at most half of them) minimising the marginal standard error.
  const std::size_t b = y.size() / 5;
  if (b < 4) return 0.0;
  std::vector<double> z(b);
  for (std::size_t i = 0; i < b; ++i) {
    double s = 0.0;
    for (std::size_t k = 0; k < 5; ++k) s += y[i * 5 + k];
    z[i] = s / 5.0;
  }
  std::size_t best = 0;
  double best_v = std::numeric_limits<double>::infinity();
  for (std::size_t d = 0; d <= b / 2; ++d) {
    const auto n = static_cast<double>(b - d);
    double s = 0.0;
    for (std::size_t i = d; i < b; ++i) s += z[i];
    const double mean = s / n;
    double ss = 0.0;
    for (std::size_t i = d; i < b; ++i) ss += (z[i] - mean) * (z[i] - mean);
    const double v = ss / (n * n);
    if (v < best_v - 1e-12) {
      best_v = v;
      best = d;
    }
  }
  return static_cast<double>(best * 5);
}

}  // namespace

RunResult simulate_run(const PlanModel& model, std::int32_t replication, double warmup_days) {
  model.validate();
  if (!std::isfinite(warmup_days) || warmup_days < 0.0) {
    throw InvalidArgument("warmup_days", "must be >= 0, got " + std::to_string(warmup_days));
  }
  if (replication < 0) throw InvalidArgument("replication", "must be >= 0");
  const Prepared p = prepare(model, warmup_days);
  return run_prepared(p, replication, model.keep_series);
}

double choose_warmup(const PlanModel& model) {
  model.validate();
  if (model.warmup_days) return *model.warmup_days;
  // Pilot runs from empty over a long window; MSER-5 on the mean number in
  // the system (in step-down or waiting) per day across the pilots.
  PlanModel pilot = model;
  const double los = model.length_of_stay.expected();
  pilot.horizon_days = std::min(365.0 * 50, std::max(2.0 * model.horizon_days, 20.0 * los));
  pilot.keep_series = true;
  pilot.workers.clear();
  const Prepared p = prepare(pilot, 0.0);
  const std::int32_t n = std::min<std::int32_t>(model.replications, 10);
  std::vector<double> y;
  for (std::int32_t r = 0; r < n; ++r) {
    const RunResult rr = run_prepared(p, 1000000 + r, true);
    if (y.empty()) y.assign(rr.daily_occupancy.size(), 0.0);
    for (std::size_t k = 0; k < y.size(); ++k)
      y[k] += (rr.daily_occupancy[k] + rr.daily_waiting[k]) / n;
  }
  return mser5(y);
}

namespace {
template <auto Member>
double run_field(const RunResult& r) {
  return static_cast<double>(r.*Member);
}
}  // namespace

const std::vector<RunField>& run_fields() {
#define HW_RUN_FIELD(f, integer) \
  RunField { #f, integer, run_field < &RunResult::f>, &SimulationResult::f }
  static const std::vector<RunField> fields{
      HW_RUN_FIELD(arrivals, true),          HW_RUN_FIELD(straight_home, true),
      HW_RUN_FIELD(diverted, true),          HW_RUN_FIELD(placed, true),
      HW_RUN_FIELD(readmissions, true),      HW_RUN_FIELD(waiting_at_end, true),
      HW_RUN_FIELD(mean_occupancy, false),   HW_RUN_FIELD(occupancy, false),
      HW_RUN_FIELD(mean_waiting, false),     HW_RUN_FIELD(max_waiting, false),
      HW_RUN_FIELD(crfd_days, false),        HW_RUN_FIELD(step_down_days, false),
      HW_RUN_FIELD(bed_days_avoided, false), HW_RUN_FIELD(savings, false),
      HW_RUN_FIELD(delay_cost, false),       HW_RUN_FIELD(mean_wait, false),
      HW_RUN_FIELD(waited_fraction, false),  HW_RUN_FIELD(wait_p50, false),
      HW_RUN_FIELD(wait_p90, false),         HW_RUN_FIELD(wait_p95, false),
      HW_RUN_FIELD(within_target, false),    HW_RUN_FIELD(blocking, false),
      HW_RUN_FIELD(littles_lambda_w, false),
  };
#undef HW_RUN_FIELD
  return fields;
}

std::vector<RunColumn> run_columns(const SimulationResult& r) {
  std::vector<RunColumn> out;
  out.reserve(run_fields().size());
  for (const RunField& f : run_fields()) {
    RunColumn c{&f, {}};
    c.values.reserve(r.runs.size());
    for (const RunResult& x : r.runs) c.values.push_back(f.get(x));
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Quantiles qs[0] <= qs[1] <= ... of v by selection (v is reordered): the
// same values, bit for bit, as plan_detail::quantile_sorted on the sorted
// vector (the same order statistics and the same interpolation), in
// expected linear time instead of a sort.
void select_quantiles(std::vector<double>::iterator first, std::vector<double>::iterator last,
                      std::initializer_list<double> qs, double* out) {
  const auto n = static_cast<std::size_t>(last - first);
  if (n == 0) {
    for (std::size_t k = 0; k < qs.size(); ++k) out[k] = 0.0;
    return;
  }
  std::size_t from = 0;  // [first + from, last) holds exactly the ranks from..n-1
  for (const double q : qs) {
    const double pos = q * static_cast<double>(n - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, n - 1);
    const double frac = pos - static_cast<double>(lo);
    const auto at = first + static_cast<std::ptrdiff_t>(lo);
    std::nth_element(first + static_cast<std::ptrdiff_t>(from), at, last);
    const double a = *at;
    const double b = hi == lo ? a : *std::min_element(at + 1, last);
    *out++ = a + (b - a) * frac;
    from = lo;
  }
}

void aggregate(SimulationResult& out) {
  const auto& runs = out.runs;
  auto est = [&](auto get) {
    std::vector<double> v;
    v.reserve(runs.size());
    for (const RunResult& r : runs) v.push_back(static_cast<double>(get(r)));
    return estimate(v);
  };
  for (RunColumn& c : run_columns(out)) out.*(c.field->summary) = estimate(c.values);
  out.meets_target = out.within_target.mean >= out.model.target.fraction;

  for (std::size_t c = 0; c < out.model.priority_shares.size(); ++c) {
    out.mean_wait_by_priority.push_back(
        est([c](const RunResult& r) { return r.mean_wait_by_priority[c]; }));
  }
  std::vector<double> pooled;
  {
    std::size_t total = 0;
    for (const RunResult& r : runs) total += r.waits.size();
    pooled.reserve(total);
  }
  for (const RunResult& r : runs) pooled.insert(pooled.end(), r.waits.begin(), r.waits.end());
  {
    double q[4];
    select_quantiles(pooled.begin(), pooled.end(), {0.5, 0.9, 0.95, 0.99}, q);
    out.pooled_wait_p50 = q[0];
    out.pooled_wait_p90 = q[1];
    out.pooled_wait_p95 = q[2];
    out.pooled_wait_p99 = q[3];
  }

  for (std::size_t w = 0; w < out.model.workers.size(); ++w) {
    WorkerSummary s;
    s.role = out.model.workers[w].role;
    s.count = out.model.workers[w].count;
    s.caseload_limit = out.model.workers[w].caseload_limit;
    s.mean_caseload = est([w](const RunResult& r) { return r.workers[w].mean_caseload; });
    s.mean_demand = est([w](const RunResult& r) { return r.workers[w].mean_demand; });
    s.p95_demand = est([w](const RunResult& r) { return r.workers[w].p95_demand; });
    s.peak_demand = est([w](const RunResult& r) { return r.workers[w].peak_demand; });
    s.mean_wait_days = est([w](const RunResult& r) { return r.workers[w].mean_wait_days; });
    s.workers_needed = est([w](const RunResult& r) { return r.workers[w].workers_needed; });
    out.workers.push_back(std::move(s));
  }

  if (out.model.keep_series && !runs.empty()) {
    const std::size_t days = runs.front().daily_occupancy.size();
    const std::size_t n = runs.size();
    // One day-major matrix per series (each day's values contiguous): the
    // mean and the 5th and 95th percentiles by selection inside each row, in
    // place (no copy per day).
    std::vector<double> mat(days * n);
    auto band = [&](auto get, std::vector<double>& mean, std::vector<double>& lo,
                    std::vector<double>& hi) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::vector<double>& v = get(runs[i]);
        for (std::size_t k = 0; k < days; ++k) mat[k * n + i] = v[k];
      }
      mean.resize(days);
      lo.resize(days);
      hi.resize(days);
      for (std::size_t k = 0; k < days; ++k) {
        const auto row = mat.begin() + static_cast<std::ptrdiff_t>(k * n);
        double s = 0.0;
        for (std::size_t i = 0; i < n; ++i) s += row[static_cast<std::ptrdiff_t>(i)];
        mean[k] = s / static_cast<double>(n);
        double q[2];
        select_quantiles(row, row + static_cast<std::ptrdiff_t>(n), {0.05, 0.95}, q);
        lo[k] = q[0];
        hi[k] = q[1];
      }
    };
    band([](const RunResult& r) -> const std::vector<double>& { return r.daily_occupancy; },
         out.occupancy_mean, out.occupancy_p05, out.occupancy_p95);
    band([](const RunResult& r) -> const std::vector<double>& { return r.daily_waiting; },
         out.waiting_mean, out.waiting_p05, out.waiting_p95);
  }
}

}  // namespace

SimulationResult simulate(const PlanModel& model, const PlanProgress& progress) {
  model.validate();
  SimulationResult out;
  out.model = model;
  out.warmup_auto = !model.warmup_days.has_value();
  out.warmup_days = choose_warmup(model);
  const Prepared p = prepare(out.model, out.warmup_days);
  out.runs.resize(static_cast<std::size_t>(model.replications));
  plan_detail::parallel_for(
      model.replications, model.threads,
      [&](std::int64_t i) {
        out.runs[static_cast<std::size_t>(i)] =
            run_prepared(p, static_cast<std::int32_t>(i), model.keep_series);
      },
      progress);
  aggregate(out);
  return out;
}

// ---------------------------------------------------------------------------
// Sweeps

void SweepSpec::validate(std::string_view field) const {
  const std::string f(field);
  model.validate(join_path(f, "model"));
  if (beds.empty())
    throw InvalidArgument(join_path(f, "beds"), "is empty: give the numbers of beds to try");
  for (std::size_t i = 0; i < beds.size(); ++i) {
    if (beds[i] < 1)
      throw InvalidArgument(index_path(join_path(f, "beds"), i),
                            "must be >= 1, got " + std::to_string(beds[i]));
  }
  for (std::size_t i = 0; i < arrival_rates.size(); ++i) {
    const double r = arrival_rates[i];
    if (!std::isfinite(r) || r < 0.0) {
      throw InvalidArgument(index_path(join_path(f, "arrival_rates"), i),
                            "must be >= 0, got " + std::to_string(r));
    }
  }
  if (!arrival_rates.empty() && model.arrivals.kind == ArrivalKind::replay) {
    throw InvalidArgument(join_path(f, "arrival_rates"),
                          "cannot rescale replayed arrivals: use Poisson or monthly arrivals");
  }
  for (std::size_t i = 0; i < los_means.size(); ++i) {
    const double r = los_means[i];
    if (!std::isfinite(r) || r <= 0.0) {
      throw InvalidArgument(index_path(join_path(f, "los_means"), i),
                            "must be > 0, got " + std::to_string(r));
    }
  }
}

namespace {
struct SweepRun {
  double mean_wait, within_target, savings, occupancy, crfd_days, mean_waiting, blocking, wait_p90;
};

PlanModel scenario_model(const PlanModel& base, std::int32_t beds, std::optional<double> rate,
                         std::optional<double> los) {
  PlanModel m = base;
  m.beds = beds;
  m.keep_series = false;
  if (rate) {
    if (m.arrivals.kind == ArrivalKind::poisson) {
      m.arrivals.rate_per_day = *rate;
    } else {
      const double old = m.arrivals.mean_rate();
      for (double& x : m.arrivals.monthly_rates) x = old > 0.0 ? x * (*rate / old) : *rate;
    }
  }
  if (los) m.length_of_stay = m.length_of_stay.with_mean(*los);
  return m;
}
}  // namespace

SweepResult sweep(const SweepSpec& spec, const PlanProgress& progress) {
  spec.validate();
  SweepResult out;
  out.spec = spec;
  std::vector<std::optional<double>> rates, loss;
  if (spec.arrival_rates.empty()) rates.push_back(std::nullopt);
  for (double r : spec.arrival_rates) rates.emplace_back(r);
  if (spec.los_means.empty()) loss.push_back(std::nullopt);
  for (double l : spec.los_means) loss.emplace_back(l);

  std::vector<PlanModel> models;
  for (const auto& r : rates) {
    for (const auto& l : loss) {
      for (std::int32_t b : spec.beds) models.push_back(scenario_model(spec.model, b, r, l));
    }
  }
  const std::size_t scenarios = models.size();
  const auto reps = static_cast<std::int64_t>(spec.model.replications);
  // Warm-ups first (cheap pilots), then every (scenario, replication) pair.
  std::vector<double> warmups(scenarios, 0.0);
  plan_detail::parallel_for(
      static_cast<std::int64_t>(scenarios), spec.model.threads,
      [&](std::int64_t s) {
        warmups[static_cast<std::size_t>(s)] = choose_warmup(models[static_cast<std::size_t>(s)]);
      },
      nullptr);
  std::vector<Prepared> prepared;
  prepared.reserve(scenarios);
  for (std::size_t s = 0; s < scenarios; ++s) prepared.push_back(prepare(models[s], warmups[s]));
  std::vector<SweepRun> runs(scenarios * static_cast<std::size_t>(reps));
  plan_detail::parallel_for(
      static_cast<std::int64_t>(scenarios) * reps, spec.model.threads,
      [&](std::int64_t i) {
        const auto s = static_cast<std::size_t>(i / reps);
        const auto rep = static_cast<std::int32_t>(i % reps);
        const RunResult r = run_prepared(prepared[s], rep, false);
        runs[static_cast<std::size_t>(i)] =
            SweepRun{r.mean_wait, r.within_target, r.savings,  r.occupancy,
                     r.crfd_days, r.mean_waiting,  r.blocking, r.wait_p90};
      },
      progress);

  std::vector<double> v(static_cast<std::size_t>(reps));
  for (std::size_t s = 0; s < scenarios; ++s) {
    SweepRow row;
    row.beds = models[s].beds;
    row.arrival_rate = models[s].arrivals.mean_rate();
    row.los_mean = models[s].length_of_stay.expected();
    row.warmup_days = warmups[s];
    auto est = [&](double SweepRun::*field) {
      for (std::int64_t k = 0; k < reps; ++k)
        v[static_cast<std::size_t>(k)] =
            runs[s * static_cast<std::size_t>(reps) + static_cast<std::size_t>(k)].*field;
      return estimate(v);
    };
    row.mean_wait = est(&SweepRun::mean_wait);
    row.within_target = est(&SweepRun::within_target);
    row.savings = est(&SweepRun::savings);
    row.occupancy = est(&SweepRun::occupancy);
    row.crfd_days = est(&SweepRun::crfd_days);
    row.mean_waiting = est(&SweepRun::mean_waiting);
    row.blocking = est(&SweepRun::blocking);
    row.wait_p90 = est(&SweepRun::wait_p90);
    row.meets_target = row.within_target.mean >= spec.model.target.fraction;
    out.rows.push_back(row);
  }
  // The smallest number of beds meeting the target, per (rate, LOS).
  const std::size_t nb = spec.beds.size();
  for (std::size_t g = 0; g < scenarios / nb; ++g) {
    SweepBest best;
    best.arrival_rate = out.rows[g * nb].arrival_rate;
    best.los_mean = out.rows[g * nb].los_mean;
    for (std::size_t k = 0; k < nb; ++k) {
      const SweepRow& row = out.rows[g * nb + k];
      if (row.meets_target && (!best.beds || row.beds < *best.beds)) best.beds = row.beds;
    }
    out.best.push_back(best);
  }
  return out;
}

}  // namespace homeward
