// homeward._core: the private compiled module under the `homeward` package.
#include "common.hpp"

#include "homeward/homeward.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "homeward's compiled core. Import `homeward`, not this module.";
  m.attr("__version__") = homeward::version();
  homeward::py_bind::bind_errors(m);
  homeward::py_bind::bind_calendar(m);
  homeward::py_bind::bind_timeline(m);
  homeward::py_bind::bind_star(m);
  homeward::py_bind::bind_assignment(m);
  homeward::py_bind::bind_matching(m);
  homeward::py_bind::bind_ingest(m);
  homeward::py_bind::bind_plan(m);
  homeward::py_bind::bind_fhir(m);
  homeward::py_bind::bind_report(m);
}
