// Deprecated since 0.2: the stable-matching header is <homeward/assignment_stable.hpp>
// (every file carries its area's prefix). This forwarding header stays for one release.
#pragma once
#include "homeward/assignment_stable.hpp"
