/* homeward C ABI: experimental functions (opt-in, not yet stable).
 *
 *   #define HW_EXPERIMENTAL
 *   #include <homeward/hw_experimental.h>
 *
 * Everything here is named hw_experimental_* and may change or go in any
 * release; the ABI check (abidiff, capi/abi/suppressions.txt) ignores it. A
 * function leaves this header by moving to its area's header under its final
 * name, with "since 0.x" from that release. See docs/conventions.md. */
#ifndef HOMEWARD_HW_EXPERIMENTAL_H
#define HOMEWARD_HW_EXPERIMENTAL_H

#ifndef HW_EXPERIMENTAL
#error "hw_experimental.h is opt-in: #define HW_EXPERIMENTAL before including it"
#endif

#include "homeward/hw_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Copy this thread's last error (hw_last_error(), hw_last_error_field() and
 * its status) into a caller-owned hw_error, for C code that bridges 0.1-style
 * callers to 0.2 ones. Returns the status copied (HW_OK if none). err may be
 * NULL (experimental since 0.2). */
HW_API int hw_experimental_error_from_last(hw_error* err);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_HW_EXPERIMENTAL_H */
