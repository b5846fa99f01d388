//! A small, idiomatic Rust client of homeward's C ABI.
//!
//! The `sys` module declares the C functions by hand (`extern "C"`, no crates).
//! The safe layer owns handles with `Drop` (RAII), hands every call its own
//! caller-owned `hw_error` (so async tasks that hop threads never read another
//! task's message) and turns text into `String`s through the caller-buffer
//! (`_buf`) form or the library-allocated form released with `hw_string_free`.

use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::{c_char, c_int};

pub mod sys {
    use std::os::raw::{c_char, c_int};

    /// `struct hw_error`: fixed size, caller-owned, nothing to free.
    #[repr(C)]
    pub struct HwError {
        pub status: i32,
        pub field: [c_char; 256],
        pub message: [c_char; 1024],
    }

    #[repr(C)]
    pub struct HwCalendar {
        _private: [u8; 0],
    }
    #[repr(C)]
    pub struct HwCaseload {
        _private: [u8; 0],
    }
    #[repr(C)]
    pub struct HwEvaluation {
        _private: [u8; 0],
    }

    extern "C" {
        pub fn hw_version() -> *const c_char;
        pub fn hw_no_day() -> i32;
        pub fn hw_error_size() -> usize;
        pub fn hw_status_name(status: c_int) -> *const c_char;
        pub fn hw_string_free(s: *mut c_char);
        pub fn hw_date_parse(out: *mut i32, iso: *const c_char, err: *mut HwError) -> c_int;
        pub fn hw_date_format(out: *mut c_char, size: usize, date: i32, err: *mut HwError) -> c_int;
        pub fn hw_calendar_new_england_and_wales(out: *mut *mut HwCalendar, err: *mut HwError) -> c_int;
        pub fn hw_calendar_free(cal: *mut HwCalendar);
        pub fn hw_calendar_working_days_between(
            out: *mut i64, cal: *const HwCalendar, a: i32, b: i32, err: *mut HwError,
        ) -> c_int;
        pub fn hw_calendar_add_working_days(
            out: *mut i32, cal: *const HwCalendar, date: i32, n: i64, err: *mut HwError,
        ) -> c_int;
        pub fn hw_calendar_working_days_between_array(
            out: *mut i64, cal: *const HwCalendar, a: *const i32, b: *const i32, count: usize,
            err: *mut HwError,
        ) -> c_int;
        pub fn hw_calendar_bank_holidays_json(
            out: *mut *mut c_char, cal: *const HwCalendar, first: c_int, last: c_int,
            err: *mut HwError,
        ) -> c_int;
        pub fn hw_caseload_from_file(
            out: *mut *mut HwCaseload, path: *const c_char, options: *const c_char,
            err: *mut HwError,
        ) -> c_int;
        pub fn hw_caseload_from_json(
            out: *mut *mut HwCaseload, json: *const c_char, options: *const c_char,
            err: *mut HwError,
        ) -> c_int;
        pub fn hw_caseload_free(c: *mut HwCaseload);
        pub fn hw_caseload_to_json(
            out: *mut *mut c_char, c: *const HwCaseload, format: c_int, err: *mut HwError,
        ) -> c_int;
        pub fn hw_caseload_to_json_buf(
            buf: *mut c_char, capacity: usize, needed: *mut usize, c: *const HwCaseload,
            format: c_int, err: *mut HwError,
        ) -> c_int;
        pub fn hw_caseload_evaluate(
            out: *mut *mut HwEvaluation, c: *const HwCaseload, as_of: i32, policy: *const c_char,
            err: *mut HwError,
        ) -> c_int;
        pub fn hw_evaluation_free(e: *mut HwEvaluation);
        pub fn hw_timeline_stage_count() -> c_int;
        pub fn hw_evaluation_stage_counts(
            out: *mut i64, count: usize, e: *const HwEvaluation, err: *mut HwError,
        ) -> c_int;
        pub fn hw_caseload_measures_buf(
            buf: *mut c_char, capacity: usize, needed: *mut usize, c: *const HwCaseload,
            start: i32, end: i32, as_of: i32, policy: *const c_char, costs: *const c_char,
            err: *mut HwError,
        ) -> c_int;
        pub fn hw_matching_placements_file(
            out: *mut *mut c_char, path: *const c_char, options: *const c_char, err: *mut HwError,
        ) -> c_int;
    }
}

/// A failed call: status, field at fault, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub status: i32,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = unsafe { CStr::from_ptr(sys::hw_status_name(self.status)) };
        write!(f, "{} ({})", self.message, name.to_string_lossy())
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

fn new_error() -> sys::HwError {
    sys::HwError { status: 0, field: [0; 256], message: [0; 1024] }
}

/// Run one C call with its own error, and turn a failure into an `Error`.
fn call(f: impl FnOnce(*mut sys::HwError) -> c_int) -> Result<()> {
    let mut e = new_error();
    if f(&mut e) == 0 {
        return Ok(());
    }
    let text = |s: &[c_char]| unsafe { CStr::from_ptr(s.as_ptr()) }.to_string_lossy().into_owned();
    Err(Error { status: e.status, field: text(&e.field), message: text(&e.message) })
}

fn cstring(s: &str) -> CString {
    CString::new(s).expect("no NUL inside strings")
}

/// Take a library-allocated string and release it with hw_string_free.
fn take_string(p: *mut c_char) -> String {
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    unsafe { sys::hw_string_free(p) };
    s
}

/// Text through a `_buf` function: once to size, once to fill; Rust owns the memory.
fn text_buf(f: impl Fn(*mut c_char, usize, *mut usize, *mut sys::HwError) -> c_int) -> Result<String> {
    let mut needed = 0usize;
    call(|e| f(std::ptr::null_mut(), 0, &mut needed, e))?;
    let mut buf = vec![0u8; needed];
    call(|e| f(buf.as_mut_ptr() as *mut c_char, buf.len(), &mut needed, e))?;
    buf.pop(); // the NUL
    Ok(String::from_utf8(buf).expect("UTF-8 from the library"))
}

/// A date as days since 1970-01-01 (same layout as int32_t).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Day(pub i32);

impl Day {
    /// "No date" (HW_NO_DAY), from the library.
    pub fn none() -> Day {
        Day(unsafe { sys::hw_no_day() })
    }
    pub fn parse(iso: &str) -> Result<Day> {
        let s = cstring(iso);
        let mut out = 0i32;
        call(|e| unsafe { sys::hw_date_parse(&mut out, s.as_ptr(), e) })?;
        Ok(Day(out))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0 as c_char; 11];
        match call(|e| unsafe { sys::hw_date_format(buf.as_mut_ptr(), buf.len(), self.0, e) }) {
            Ok(()) => f.write_str(&unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy()),
            Err(_) => write!(f, "Day({})", self.0),
        }
    }
}

pub fn version() -> String {
    unsafe { CStr::from_ptr(sys::hw_version()) }.to_string_lossy().into_owned()
}

/// A working-day calendar, released on drop.
pub struct Calendar(*mut sys::HwCalendar);

// The library's handles are immutable after creation and safe to share.
unsafe impl Send for Calendar {}
unsafe impl Sync for Calendar {}

impl Calendar {
    pub fn england_and_wales() -> Result<Calendar> {
        let mut p = std::ptr::null_mut();
        call(|e| unsafe { sys::hw_calendar_new_england_and_wales(&mut p, e) })?;
        Ok(Calendar(p))
    }
    pub fn working_days_between(&self, a: Day, b: Day) -> Result<i64> {
        let mut n = 0i64;
        call(|e| unsafe { sys::hw_calendar_working_days_between(&mut n, self.0, a.0, b.0, e) })?;
        Ok(n)
    }
    pub fn add_working_days(&self, d: Day, n: i64) -> Result<Day> {
        let mut out = 0i32;
        call(|e| unsafe { sys::hw_calendar_add_working_days(&mut out, self.0, d.0, n, e) })?;
        Ok(Day(out))
    }
    /// Array form: the slices are handed to C without copies.
    pub fn working_days_between_array(&self, a: &[Day], b: &[Day], out: &mut [i64]) -> Result<()> {
        assert!(a.len() == b.len() && b.len() == out.len(), "slices differ in length");
        // Day is a transparent i32 wrapper in memory.
        call(|e| unsafe {
            sys::hw_calendar_working_days_between_array(
                out.as_mut_ptr(), self.0, a.as_ptr() as *const i32, b.as_ptr() as *const i32,
                a.len(), e,
            )
        })
    }
    /// Bank holidays as JSON (library-allocated, released here).
    pub fn bank_holidays_json(&self, first: i32, last: i32) -> Result<String> {
        let mut p = std::ptr::null_mut();
        call(|e| unsafe { sys::hw_calendar_bank_holidays_json(&mut p, self.0, first, last, e) })?;
        Ok(take_string(p))
    }
}

impl Drop for Calendar {
    fn drop(&mut self) {
        unsafe { sys::hw_calendar_free(self.0) }
    }
}

/// A caseload of referral pathways, released on drop.
pub struct Caseload(*mut sys::HwCaseload);

impl Caseload {
    pub fn from_file(path: &str) -> Result<Caseload> {
        let s = cstring(path);
        let mut p = std::ptr::null_mut();
        call(|e| unsafe { sys::hw_caseload_from_file(&mut p, s.as_ptr(), std::ptr::null(), e) })?;
        Ok(Caseload(p))
    }
    pub fn from_json(text: &str) -> Result<Caseload> {
        let s = cstring(text);
        let mut p = std::ptr::null_mut();
        call(|e| unsafe { sys::hw_caseload_from_json(&mut p, s.as_ptr(), std::ptr::null(), e) })?;
        Ok(Caseload(p))
    }
    /// The caseload document (library-allocated, released here).
    pub fn to_json(&self) -> Result<String> {
        let mut p = std::ptr::null_mut();
        call(|e| unsafe { sys::hw_caseload_to_json(&mut p, self.0, 0, e) })?;
        Ok(take_string(p))
    }
    /// The same through the caller-buffer form.
    pub fn to_json_buf(&self) -> Result<String> {
        text_buf(|buf, cap, needed, e| unsafe { sys::hw_caseload_to_json_buf(buf, cap, needed, self.0, 0, e) })
    }
    /// People per stage as of a day.
    pub fn stage_counts(&self, as_of: Day) -> Result<Vec<i64>> {
        struct Evaluation(*mut sys::HwEvaluation);
        impl Drop for Evaluation {
            fn drop(&mut self) {
                unsafe { sys::hw_evaluation_free(self.0) }
            }
        }
        let mut ev = Evaluation(std::ptr::null_mut());
        call(|e| unsafe { sys::hw_caseload_evaluate(&mut ev.0, self.0, as_of.0, std::ptr::null(), e) })?;
        let mut counts = vec![0i64; unsafe { sys::hw_timeline_stage_count() } as usize];
        call(|e| unsafe { sys::hw_evaluation_stage_counts(counts.as_mut_ptr(), counts.len(), ev.0, e) })?;
        Ok(counts)
    }
    /// Measures over start..end as JSON, through the caller-buffer form.
    pub fn measures(&self, start: Day, end: Day) -> Result<String> {
        let none = Day::none().0;
        let np = std::ptr::null();
        text_buf(|buf, cap, needed, e| unsafe {
            sys::hw_caseload_measures_buf(buf, cap, needed, self.0, start.0, end.0, none, np, np, e)
        })
    }
}

impl Drop for Caseload {
    fn drop(&mut self) {
        unsafe { sys::hw_caseload_free(self.0) }
    }
}

/// Match people to step-down places from an input file.
pub fn placements_file(path: &str) -> Result<String> {
    let s = cstring(path);
    let mut p = std::ptr::null_mut();
    call(|e| unsafe { sys::hw_matching_placements_file(&mut p, s.as_ptr(), std::ptr::null(), e) })?;
    Ok(take_string(p))
}

/// sizeof(hw_error) as the library was built, to check the layout above.
pub fn error_size() -> usize {
    unsafe { sys::hw_error_size() }
}
