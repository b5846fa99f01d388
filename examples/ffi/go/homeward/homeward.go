// Package homeward is a small, idiomatic Go client of homeward's C ABI
// (libhomeward_c, found with pkg-config homeward-c).
//
// Every call hands a caller-owned C.hw_error on the Go stack to the library
// and reads the error from it, so no goroutine ever reads another's message
// and no runtime.LockOSThread is needed. Handles are closed with defer.
package homeward

/*
#cgo pkg-config: homeward-c
#include <stdlib.h>
#include <homeward/homeward.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Error is a failed call: the status, the field at fault and the message.
type Error struct {
	Status  int
	Field   string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (%s)", e.Message, C.GoString(C.hw_status_name(C.int(e.Status))))
}

// check turns a status and the call's own hw_error into a Go error.
func check(rc C.int, e *C.hw_error) error {
	if rc == C.HW_OK {
		return nil
	}
	return &Error{Status: int(e.status), Field: C.GoString(&e.field[0]),
		Message: C.GoString(&e.message[0])}
}

// Day is a date as days since 1970-01-01.
type Day int32

// NoDay is "no date" (HW_NO_DAY), read from the library.
var NoDay = Day(C.hw_no_day())

// Version is the loaded library's version.
func Version() string { return C.GoString(C.hw_version()) }

// ParseDate converts "YYYY-MM-DD".
func ParseDate(iso string) (Day, error) {
	cs := C.CString(iso)
	defer C.free(unsafe.Pointer(cs))
	var e C.hw_error
	var out C.int32_t
	if err := check(C.hw_date_parse(&out, cs, &e), &e); err != nil {
		return 0, err
	}
	return Day(out), nil
}

// String formats a day as "YYYY-MM-DD".
func (d Day) String() string {
	var buf [11]C.char
	var e C.hw_error
	if C.hw_date_format(&buf[0], C.size_t(len(buf)), C.int32_t(d), &e) != C.HW_OK {
		return fmt.Sprintf("Day(%d)", int32(d))
	}
	return C.GoString(&buf[0])
}

// Calendar is a working-day calendar; Close it when done.
type Calendar struct{ p *C.hw_calendar }

// EnglandAndWales returns the England and Wales calendar.
func EnglandAndWales() (*Calendar, error) {
	var e C.hw_error
	c := &Calendar{}
	if err := check(C.hw_calendar_new_england_and_wales(&c.p, &e), &e); err != nil {
		return nil, err
	}
	return c, nil
}

// Close releases the calendar.
func (c *Calendar) Close() {
	C.hw_calendar_free(c.p)
	c.p = nil
}

// WorkingDaysBetween counts working days in [a, b).
func (c *Calendar) WorkingDaysBetween(a, b Day) (int64, error) {
	var e C.hw_error
	var n C.int64_t
	if err := check(C.hw_calendar_working_days_between(&n, c.p, C.int32_t(a), C.int32_t(b), &e), &e); err != nil {
		return 0, err
	}
	return int64(n), nil
}

// AddWorkingDays rolls d forward to a working day, then moves n working days.
func (c *Calendar) AddWorkingDays(d Day, n int64) (Day, error) {
	var e C.hw_error
	var out C.int32_t
	if err := check(C.hw_calendar_add_working_days(&out, c.p, C.int32_t(d), C.int64_t(n), &e), &e); err != nil {
		return 0, err
	}
	return Day(out), nil
}

// WorkingDaysBetweenArray fills out[i] for every pair, without copying: the
// slices' memory is handed to C as it is.
func (c *Calendar) WorkingDaysBetweenArray(a, b []Day, out []int64) error {
	if len(a) != len(b) || len(out) != len(a) {
		return fmt.Errorf("slices differ in length: %d, %d, %d", len(a), len(b), len(out))
	}
	if len(a) == 0 {
		return nil
	}
	var e C.hw_error
	return check(C.hw_calendar_working_days_between_array(
		(*C.int64_t)(unsafe.Pointer(&out[0])), c.p, (*C.int32_t)(unsafe.Pointer(&a[0])),
		(*C.int32_t)(unsafe.Pointer(&b[0])), C.size_t(len(a)), &e), &e)
}

// BankHolidaysJSON returns the bank holidays of the years as JSON, through the
// library-allocated form (released with hw_string_free before returning).
func (c *Calendar) BankHolidaysJSON(first, last int) (string, error) {
	var e C.hw_error
	var p *C.char
	if err := check(C.hw_calendar_bank_holidays_json(&p, c.p, C.int(first), C.int(last), &e), &e); err != nil {
		return "", err
	}
	defer C.hw_string_free(p)
	return C.GoString(p), nil
}

// Caseload is a set of referral pathways; Close it when done.
type Caseload struct{ p *C.hw_caseload }

// LoadCaseloadFile reads a caseload document from a file.
func LoadCaseloadFile(path string) (*Caseload, error) {
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	var e C.hw_error
	c := &Caseload{}
	if err := check(C.hw_caseload_from_file(&c.p, cs, nil, &e), &e); err != nil {
		return nil, err
	}
	return c, nil
}

// LoadCaseloadJSON reads a caseload document from JSON text.
func LoadCaseloadJSON(text string) (*Caseload, error) {
	cs := C.CString(text)
	defer C.free(unsafe.Pointer(cs))
	var e C.hw_error
	c := &Caseload{}
	if err := check(C.hw_caseload_from_json(&c.p, cs, nil, &e), &e); err != nil {
		return nil, err
	}
	return c, nil
}

// Close releases the caseload.
func (c *Caseload) Close() {
	C.hw_caseload_free(c.p)
	c.p = nil
}

// JSON returns the caseload document through the library-allocated form.
func (c *Caseload) JSON() (string, error) {
	var e C.hw_error
	var p *C.char
	if err := check(C.hw_caseload_to_json(&p, c.p, C.HW_JSON_COMPACT, &e), &e); err != nil {
		return "", err
	}
	defer C.hw_string_free(p)
	return C.GoString(p), nil
}

// JSONBuf returns the same through the caller-buffer form (Go owns the memory).
func (c *Caseload) JSONBuf() (string, error) {
	var e C.hw_error
	var needed C.size_t
	if err := check(C.hw_caseload_to_json_buf(nil, 0, &needed, c.p, C.HW_JSON_COMPACT, &e), &e); err != nil {
		return "", err
	}
	buf := make([]byte, int(needed))
	if err := check(C.hw_caseload_to_json_buf((*C.char)(unsafe.Pointer(&buf[0])), needed, &needed, c.p,
		C.HW_JSON_COMPACT, &e), &e); err != nil {
		return "", err
	}
	return string(buf[:len(buf)-1]), nil
}

// StageCounts evaluates the caseload as of a day and counts people per stage.
func (c *Caseload) StageCounts(asOf Day) ([]int64, error) {
	var e C.hw_error
	var ev *C.hw_evaluation
	if err := check(C.hw_caseload_evaluate(&ev, c.p, C.int32_t(asOf), nil, &e), &e); err != nil {
		return nil, err
	}
	defer C.hw_evaluation_free(ev)
	counts := make([]int64, int(C.hw_timeline_stage_count()))
	if err := check(C.hw_evaluation_stage_counts((*C.int64_t)(unsafe.Pointer(&counts[0])),
		C.size_t(len(counts)), ev, &e), &e); err != nil {
		return nil, err
	}
	return counts, nil
}

// Measures returns the national measures over start..end as JSON, through the
// caller-buffer form: once to size, once to fill, Go owns the memory.
func (c *Caseload) Measures(start, end Day) (string, error) {
	var e C.hw_error
	var needed C.size_t
	if err := check(C.hw_caseload_measures_buf(nil, 0, &needed, c.p, C.int32_t(start), C.int32_t(end),
		C.int32_t(NoDay), nil, nil, &e), &e); err != nil {
		return "", err
	}
	buf := make([]byte, int(needed))
	if err := check(C.hw_caseload_measures_buf((*C.char)(unsafe.Pointer(&buf[0])), needed, &needed, c.p,
		C.int32_t(start), C.int32_t(end), C.int32_t(NoDay), nil, nil, &e), &e); err != nil {
		return "", err
	}
	return string(buf[:len(buf)-1]), nil // drop the NUL
}

// PlacementsFile matches people to step-down places from an input file.
func PlacementsFile(path string) (string, error) {
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	var e C.hw_error
	var p *C.char
	if err := check(C.hw_matching_placements_file(&p, cs, nil, &e), &e); err != nil {
		return "", err
	}
	defer C.hw_string_free(p)
	return C.GoString(p), nil
}

// LastErrorAfterParse is the 0.1 way, kept to show why it is not enough in Go:
// it fails a parse, then reads the thread-local hw_last_error() in a second
// cgo call, which may run on another OS thread.
func LastErrorAfterParse(iso string, yield func()) string {
	cs := C.CString(iso)
	defer C.free(unsafe.Pointer(cs))
	var out C.int32_t
	C.hw_date_parse(&out, cs, nil)
	yield()
	return C.GoString(C.hw_last_error())
}
