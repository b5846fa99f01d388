// Star (radar) charts as self-contained, accessible SVG.
#include "json_util.hpp"
#include "star_internal.hpp"

#include "homeward/error.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>

namespace homeward {

using star_detail::escape_xml;
using star_detail::format_number;
using star_detail::json;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Style {
  const char* colour;
  const char* dash;  // stroke-dasharray; "" for solid
  const char* name;  // marker shape, for the legend text
};
// Okabe-Ito colours, told apart by dash and marker too (not by colour alone).
constexpr Style kStyles[3] = {
    {"#0072B2", "", "circle"},
    {"#D55E00", "7 4", "square"},
    {"#009E73", "2 3", "diamond"},
};

std::string fmt(double v) { return format_number(v, 1); }

std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream words(text);
  std::string w;
  while (words >> w) {
    if (!line.empty() && line.size() + 1 + w.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += w;
  }
  if (!line.empty()) lines.push_back(line);
  if (lines.empty()) lines.push_back(text);
  return lines;
}

std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

std::string marker(int shape, double x, double y, const char* colour) {
  std::ostringstream o;
  if (shape == 0) {
    o << "<circle cx=\"" << fmt(x) << "\" cy=\"" << fmt(y) << "\" r=\"3.5\" fill=\"" << colour
      << "\"/>";
  } else if (shape == 1) {
    o << "<rect x=\"" << fmt(x - 3.2) << "\" y=\"" << fmt(y - 3.2)
      << "\" width=\"6.4\" height=\"6.4\" fill=\"" << colour << "\"/>";
  } else {
    o << "<polygon points=\"" << fmt(x) << "," << fmt(y - 4.5) << " " << fmt(x + 4.5) << ","
      << fmt(y) << " " << fmt(x) << "," << fmt(y + 4.5) << " " << fmt(x - 4.5) << "," << fmt(y)
      << "\" fill=\"" << colour << "\"/>";
  }
  return o.str();
}

std::string describe_score(double v) {
  return v == std::floor(v) ? format_number(v, 0) : format_number(v, 1);
}

}  // namespace

std::string star_chart_svg(const StarDefinition& def, const std::vector<StarChartSeries>& series,
                           const StarChartOptions& options) {
  const auto& areas = def.areas();
  const std::size_t N = areas.size();
  // Validate first.
  if (series.empty() || series.size() > 3) {
    throw InvalidArgument(
        "series", "a star chart shows 1 to 3 readings, got " + std::to_string(series.size()));
  }
  if (options.size < 240 || options.size > 2000) {
    throw InvalidArgument(
        "size", "must be between 240 and 2000 pixels, got " + std::to_string(options.size));
  }
  if (options.title.size() > 500) throw InvalidArgument("title", "is longer than 500 characters");
  if (options.description.size() > 20000) {
    throw InvalidArgument("description", "is longer than 20000 characters");
  }
  const double smin = def.scale_min();
  const double smax = def.scale_max();
  for (std::size_t k = 0; k < series.size(); ++k) {
    const std::string path = index_path("series", k);
    if (series[k].label.size() > 200) {
      throw InvalidArgument(join_path(path, "label"), "is longer than 200 characters");
    }
    if (series[k].scores.size() != N) {
      throw InvalidArgument(join_path(path, "scores"), "expected " + std::to_string(N) +
                                                           " scores (one per area), got " +
                                                           std::to_string(series[k].scores.size()));
    }
    for (std::size_t a = 0; a < N; ++a) {
      const auto& v = series[k].scores[a];
      if (!v) continue;
      if (!std::isfinite(*v) || *v < smin || *v > smax) {
        throw InvalidArgument(join_path(join_path(path, "scores"), areas[a].id),
                              (std::isnan(*v) ? std::string("NaN") : format_number(*v, 3)) +
                                  " is outside the scale " + format_number(smin, 0) + ".." +
                                  format_number(smax, 0));
      }
    }
  }

  // Geometry.
  const double W = options.size;
  const double R = W * 0.27;
  const double cx = W / 2.0;
  const double top = 52.0;
  const double label_gap = 14.0;
  const double line_h = 14.0;
  const double cy = top + 3 * line_h + label_gap + R;
  const double legend_top = cy + R + label_gap + 3 * line_h + 10.0;
  const double H = legend_top + static_cast<double>(series.size()) * 22.0 + 14.0;
  const double steps = smax - smin + 1.0;
  auto radius = [&](double v) { return R * (v - smin + 1.0) / steps; };
  auto angle = [&](std::size_t a) {
    return -kPi / 2.0 + 2.0 * kPi * static_cast<double>(a) / static_cast<double>(N);
  };
  auto px = [&](std::size_t a, double r) { return cx + r * std::cos(angle(a)); };
  auto py = [&](std::size_t a, double r) { return cy + r * std::sin(angle(a)); };
  auto ring_points = [&](double r) {
    std::string pts;
    for (std::size_t a = 0; a < N; ++a) {
      if (a) pts += ' ';
      pts += fmt(px(a, r)) + "," + fmt(py(a, r));
    }
    return pts;
  };

  const std::string title = options.title.empty() ? def.name() : options.title;
  std::string desc = options.description;
  if (desc.empty()) {
    std::ostringstream d;
    d << "Star chart of " << series.size() << (series.size() == 1 ? " reading" : " readings")
      << " on the " << def.name() << " (" << N << " areas, scale " << def.scale_min() << " to "
      << def.scale_max() << ", higher is further along the journey).";
    for (const auto& s : series) {
      d << " " << (s.label.empty() ? std::string("Reading") : s.label) << ": ";
      std::string missing;
      bool first = true;
      for (std::size_t a = 0; a < N; ++a) {
        if (!s.scores[a]) {
          missing += (missing.empty() ? "" : ", ") + areas[a].name;
          continue;
        }
        d << (first ? "" : ", ") << areas[a].name << " " << describe_score(*s.scores[a]);
        first = false;
      }
      if (!missing.empty()) d << (first ? "" : "; ") << "not scored: " << missing;
      d << ".";
    }
    desc = d.str();
  }
  const std::string uid = "hwstar" + std::to_string(fnv1a(title + desc));

  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << fmt(W)
    << "\" height=\"" << fmt(H) << "\" viewBox=\"0 0 " << fmt(W) << " " << fmt(H)
    << "\" role=\"img\" aria-labelledby=\"" << uid << "-title " << uid << "-desc\""
    << " font-family=\"sans-serif\">\n";
  o << "<title id=\"" << uid << "-title\">" << escape_xml(title) << "</title>\n";
  o << "<desc id=\"" << uid << "-desc\">" << escape_xml(desc) << "</desc>\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  // Visible title (wrapped to the width).
  {
    const auto lines = wrap(title, static_cast<std::size_t>((W - 40.0) / 9.6));
    double y = 26.0;
    o << "<g aria-hidden=\"true\" font-size=\"16\" font-weight=\"bold\" fill=\"#1a1a1a\" "
         "text-anchor=\"middle\">";
    for (std::size_t i = 0; i < lines.size() && i < 2; ++i, y += 19.0) {
      o << "<text x=\"" << fmt(cx) << "\" y=\"" << fmt(y) << "\">" << escape_xml(lines[i])
        << "</text>";
    }
    o << "</g>\n";
  }
  // Stage bands (alternate shading) and rings.
  o << "<g aria-hidden=\"true\">\n";
  const auto& stages = def.stages();
  for (std::size_t s = stages.size(); s-- > 0;) {
    o << "<polygon points=\"" << ring_points(radius(stages[s].max)) << "\" fill=\""
      << (s % 2 == 0 ? "#f3f5f8" : "#ffffff") << "\" stroke=\"none\"/>\n";
  }
  for (int v = def.scale_min(); v <= def.scale_max(); ++v) {
    bool boundary = false;
    for (const auto& s : stages) boundary = boundary || s.max == v;
    o << "<polygon points=\"" << ring_points(radius(v)) << "\" fill=\"none\" stroke=\""
      << (boundary ? "#9aa3ad" : "#d5dae0") << "\" stroke-width=\"" << (boundary ? "1" : "0.7")
      << "\"/>\n";
  }
  for (std::size_t a = 0; a < N; ++a) {
    o << "<line x1=\"" << fmt(cx) << "\" y1=\"" << fmt(cy) << "\" x2=\"" << fmt(px(a, R))
      << "\" y2=\"" << fmt(py(a, R)) << "\" stroke=\"#b8c0c8\" stroke-width=\"0.8\"/>\n";
  }
  // Scale numbers along the first spoke.
  o << "<g font-size=\"9\" fill=\"#5b6570\" text-anchor=\"start\">";
  for (int v = def.scale_min(); v <= def.scale_max(); ++v) {
    o << "<text x=\"" << fmt(cx + 3.0) << "\" y=\"" << fmt(cy - radius(v) + 3.0) << "\">" << v
      << "</text>";
  }
  o << "</g>\n";
  // Area labels.
  o << "<g font-size=\"12\" fill=\"#1a1a1a\">\n";
  for (std::size_t a = 0; a < N; ++a) {
    const double c = std::cos(angle(a));
    const double s = std::sin(angle(a));
    const double lx = cx + (R + label_gap) * c;
    const double ly = cy + (R + label_gap) * s;
    const char* anchor = c > 0.25 ? "start" : (c < -0.25 ? "end" : "middle");
    const auto lines = wrap(areas[a].name, 16);
    const double block = static_cast<double>(lines.size()) * line_h;
    double y0;
    if (s < -0.3)
      y0 = ly - block + line_h - 3.0;  // above the spoke's end
    else if (s > 0.3)
      y0 = ly + line_h - 2.0;  // below
    else
      y0 = ly - block / 2.0 + line_h - 3.0;  // centred
    o << "<text text-anchor=\"" << anchor << "\">";
    for (std::size_t i = 0; i < lines.size(); ++i) {
      o << "<tspan x=\"" << fmt(lx) << "\" y=\"" << fmt(y0 + static_cast<double>(i) * line_h)
        << "\">" << escape_xml(lines[i]) << "</tspan>";
    }
    o << "</text>\n";
  }
  o << "</g>\n</g>\n";
  // Series.
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Style& st = kStyles[k];
    const auto& sc = series[k].scores;
    std::string dash = *st.dash ? std::string(" stroke-dasharray=\"") + st.dash + "\"" : "";
    o << "<g aria-hidden=\"true\">";
    bool complete = true;
    for (const auto& v : sc) complete = complete && v.has_value();
    if (complete) {
      std::string pts;
      for (std::size_t a = 0; a < N; ++a) {
        if (a) pts += ' ';
        pts += fmt(px(a, radius(*sc[a]))) + "," + fmt(py(a, radius(*sc[a])));
      }
      o << "<polygon points=\"" << pts << "\" fill=\"" << st.colour
        << "\" fill-opacity=\"0.10\" stroke=\"" << st.colour << "\" stroke-width=\"2.2\""
        << " stroke-linejoin=\"round\"" << dash << "/>";
    } else {
      // Join neighbouring areas that are both scored; leave gaps elsewhere.
      for (std::size_t a = 0; a < N; ++a) {
        const std::size_t b = (a + 1) % N;
        if (!sc[a] || !sc[b]) continue;
        o << "<line x1=\"" << fmt(px(a, radius(*sc[a]))) << "\" y1=\"" << fmt(py(a, radius(*sc[a])))
          << "\" x2=\"" << fmt(px(b, radius(*sc[b]))) << "\" y2=\"" << fmt(py(b, radius(*sc[b])))
          << "\" stroke=\"" << st.colour << "\" stroke-width=\"2.2\" stroke-linecap=\"round\""
          << dash << "/>";
      }
    }
    for (std::size_t a = 0; a < N; ++a) {
      if (!sc[a]) continue;
      o << marker(static_cast<int>(k), px(a, radius(*sc[a])), py(a, radius(*sc[a])), st.colour);
    }
    o << "</g>\n";
  }
  // Legend.
  o << "<g aria-hidden=\"true\" font-size=\"12\" fill=\"#1a1a1a\">\n";
  const double lx0 = W * 0.18;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Style& st = kStyles[k];
    const double y = legend_top + static_cast<double>(k) * 22.0;
    std::string dash = *st.dash ? std::string(" stroke-dasharray=\"") + st.dash + "\"" : "";
    o << "<line x1=\"" << fmt(lx0) << "\" y1=\"" << fmt(y) << "\" x2=\"" << fmt(lx0 + 34.0)
      << "\" y2=\"" << fmt(y) << "\" stroke=\"" << st.colour << "\" stroke-width=\"2.2\"" << dash
      << "/>" << marker(static_cast<int>(k), lx0 + 17.0, y, st.colour) << "<text x=\""
      << fmt(lx0 + 44.0) << "\" y=\"" << fmt(y + 4.0) << "\">"
      << escape_xml(series[k].label.empty() ? "Reading " + std::to_string(k + 1) : series[k].label)
      << "</text>\n";
  }
  o << "</g>\n</svg>\n";
  return o.str();
}

std::string star_chart_svg_from_json(const StarDefinition& def, std::string_view json_text) {
  const json doc = detail::parse_json(json_text, "chart");
  if (!doc.is_object()) {
    throw InvalidArgument("chart", std::string("expected a JSON object, got ") + doc.type_name());
  }
  StarChartOptions opts;
  std::vector<StarChartSeries> series;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    if (key == "title" || key == "description") {
      if (!it->is_string()) {
        throw InvalidArgument(key, std::string("expected a string, got ") + it->type_name());
      }
      (key == "title" ? opts.title : opts.description) = it->get<std::string>();
    } else if (key == "size") {
      opts.size = star_detail::get_int(*it, "size");
    } else if (key == "series") {
      if (!it->is_array()) {
        throw InvalidArgument("series", std::string("expected an array, got ") + it->type_name());
      }
      for (std::size_t k = 0; k < it->size(); ++k) {
        const std::string path = index_path("series", k);
        const json& js = (*it)[k];
        if (!js.is_object()) {
          throw InvalidArgument(path, std::string("expected an object, got ") + js.type_name());
        }
        StarChartSeries s;
        if (auto l = js.find("label"); l != js.end() && !l->is_null()) {
          if (!l->is_string()) {
            throw InvalidArgument(join_path(path, "label"),
                                  std::string("expected a string, got ") + l->type_name());
          }
          s.label = l->get<std::string>();
        }
        s.scores.assign(def.area_count(), std::nullopt);
        const json& scores = star_detail::member(js, "scores", path);
        if (!scores.is_object()) {
          throw InvalidArgument(
              join_path(path, "scores"),
              std::string("expected an object of area: score, got ") + scores.type_name());
        }
        for (auto sc = scores.begin(); sc != scores.end(); ++sc) {
          const std::string spath = join_path(join_path(path, "scores"), sc.key());
          const std::size_t a = def.area_index(sc.key(), spath);
          if (sc->is_null()) continue;
          s.scores[a] = star_detail::get_number(*sc, spath);
        }
        series.push_back(std::move(s));
      }
    } else {
      throw InvalidArgument(key,
                            "unknown chart field (expected title, description, size, "
                            "series)");
    }
  }
  return star_chart_svg(def, series, opts);
}

}  // namespace homeward
