// Internal to the C ABI: the definitions of handles shared by several areas.
#pragma once

#include "homeward/calendar.hpp"
#include "homeward/hw_calendar.h"
#include "homeward/hw_star.h"
#include "homeward/hw_timeline.h"
#include "homeward/star.hpp"
#include "homeward/timeline.hpp"

struct hw_calendar {
  homeward::Calendar cal;
};

struct hw_caseload {
  homeward::Caseload value;
};

struct hw_star {
  homeward::StarDefinition def;
};
struct hw_star_readings {
  homeward::StarReadings readings;
};
