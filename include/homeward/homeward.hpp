// homeward: the umbrella header of the C++ library.
//
//   #include <homeward/homeward.hpp>
//   find_package(homeward CONFIG REQUIRED)
//   target_link_libraries(app PRIVATE homeward::homeward)
#pragma once

#include "homeward/assignment.hpp"
#include "homeward/assignment_ranked.hpp"
#include "homeward/assignment_stable.hpp"
#include "homeward/calendar.hpp"
#include "homeward/date.hpp"
#include "homeward/error.hpp"
#include "homeward/fhir.hpp"
#include "homeward/ingest.hpp"
#include "homeward/io.hpp"
#include "homeward/matching.hpp"
#include "homeward/plan.hpp"
#include "homeward/report.hpp"
#include "homeward/star.hpp"
#include "homeward/timeline.hpp"
#include "homeward/version.h"

#include <string>

namespace homeward {

// The library's version, "MAJOR.MINOR.PATCH", as compiled into the library
// (compare with HOMEWARD_VERSION_STRING from the headers you built against).
std::string version();

}  // namespace homeward
