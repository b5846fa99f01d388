// Working-day due dates for a referral, with the C++ library.
#include <homeward/homeward.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  try {
    const auto referral = homeward::parse_date(argc > 1 ? argv[1] : "2025-04-10", "referral");
    const auto cal = homeward::Calendar::england_and_wales();
    std::cout << "homeward " << homeward::version() << " (headers " << HOMEWARD_VERSION_STRING
              << ")\n";
    std::cout << "referral " << homeward::format_date(referral) << "\n";
    for (int n : {10, 20}) {
      std::cout << "  " << n
                << " working days: " << homeward::format_date(cal.add_working_days(referral, n))
                << "\n";
    }
    return 0;
  } catch (const homeward::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
}
