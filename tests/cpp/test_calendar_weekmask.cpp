// The weekmask parser accepts every form numpy.busdaycalendar accepts.
#include <catch2/catch.hpp>

#include "homeward/calendar.hpp"
#include "homeward/error.hpp"

using homeward::format_weekmask;
using homeward::parse_weekmask;

TEST_CASE("weekmask: NumPy's forms", "[calendar][weekmask]") {
  CHECK(format_weekmask(parse_weekmask("SatSun")) == "0000011");
  CHECK(format_weekmask(parse_weekmask("Sun TueWed  Thu\tFri")) == "0111101");
  CHECK(format_weekmask(parse_weekmask("Mon Mon")) == "1000000");
  CHECK(format_weekmask(parse_weekmask("  Mon  ")) == "1000000");
  CHECK(format_weekmask(parse_weekmask("MonTueWedThuFri")) == "1111100");
  CHECK(format_weekmask(parse_weekmask("0011001")) == "0011001");
  CHECK(format_weekmask(parse_weekmask("Mon Tue")) == "1100000");
}

TEST_CASE("weekmask: what NumPy refuses is an error naming the field", "[calendar][weekmask]") {
  for (const char* bad : {"satsun", "", "   ", "Mon Tue We", "Max", "Monday Tue", "Mon,Tue",
                          "111110", "Mon1", "0000000"}) {
    INFO(bad);
    try {
      parse_weekmask(bad, "weekmask");
      FAIL("accepted");
    } catch (const homeward::InvalidArgument& e) {
      CHECK(e.field() == "weekmask");
    }
  }
}
