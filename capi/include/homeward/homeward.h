/* homeward: the stable C ABI (umbrella header).
 *
 *   #include <homeward/homeward.h>     link with -lhomeward_c
 *
 * Compiles as C99 and as C++. Every symbol is prefixed hw_; see
 * hw_common.h for the conventions every function follows. */
#ifndef HOMEWARD_H
#define HOMEWARD_H

#include "homeward/hw_assignment.h"
#include "homeward/hw_calendar.h"
#include "homeward/hw_common.h"
#include "homeward/hw_fhir.h"
#include "homeward/hw_ingest.h"
#include "homeward/hw_matching.h"
#include "homeward/hw_plan.h"
#include "homeward/hw_report.h"
#include "homeward/hw_star.h"
#include "homeward/hw_timeline.h"
#ifndef HW_NO_DEPRECATED
#include "homeward/hw_deprecated.h"
#endif

#endif /* HOMEWARD_H */
