'use strict';
// A small, idiomatic Node.js client of homeward's C ABI through koffi.
//
// Every call passes its own hw_error (a koffi struct, filled on return), so a
// call's error never depends on which thread the call ran on. Text comes back
// through the caller-buffer (_buf) form into a Buffer Node owns, or through the
// library-allocated form declared as a plain pointer and released with
// hw_string_free: never as a decoded `char **`, which would lose the pointer.
// Handles are released by `using`-style helpers (withCalendar, withCaseload).
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const koffi = require('koffi');

function libraryPath() {
  if (process.env.HOMEWARD_C_LIBRARY) return process.env.HOMEWARD_C_LIBRARY;
  const pc = (args) => execFileSync('pkg-config', [...args, 'homeward-c'], { encoding: 'utf8' }).trim();
  const [major, minor] = pc(['--modversion']).split('.');
  return path.join(pc(['--variable=libdir']), `libhomeward_c.so.${major}.${minor}`);
}

const lib = koffi.load(libraryPath());

const HwError = koffi.struct('hw_error', {
  status: 'int32_t',
  field: koffi.array('char', 256, 'String'),
  message: koffi.array('char', 1024, 'String'),
});
koffi.opaque('hw_calendar');
koffi.opaque('hw_caseload');
koffi.opaque('hw_evaluation');

const c = {
  version: lib.func('const char *hw_version(void)'),
  noDay: lib.func('int32_t hw_no_day(void)'),
  errorSize: lib.func('size_t hw_error_size(void)'),
  statusName: lib.func('const char *hw_status_name(int status)'),
  stringFree: lib.func('void hw_string_free(void *s)'),
  dateParse: lib.func('int hw_date_parse(_Out_ int32_t *out, const char *iso, _Out_ hw_error *err)'),
  dateFormat: lib.func('int hw_date_format(_Out_ uint8_t *out, size_t size, int32_t date, _Out_ hw_error *err)'),
  calendarNew: lib.func('int hw_calendar_new_england_and_wales(_Out_ hw_calendar **out, _Out_ hw_error *err)'),
  calendarFree: lib.func('void hw_calendar_free(hw_calendar *cal)'),
  between: lib.func('int hw_calendar_working_days_between(_Out_ int64_t *out, const hw_calendar *cal, int32_t a, int32_t b, _Out_ hw_error *err)'),
  addDays: lib.func('int hw_calendar_add_working_days(_Out_ int32_t *out, const hw_calendar *cal, int32_t date, int64_t n, _Out_ hw_error *err)'),
  betweenArray: lib.func('int hw_calendar_working_days_between_array(_Out_ int64_t *out, const hw_calendar *cal, const int32_t *a, const int32_t *b, size_t count, _Out_ hw_error *err)'),
  bankHolidays: lib.func('int hw_calendar_bank_holidays_json(_Out_ void **out, const hw_calendar *cal, int first, int last, _Out_ hw_error *err)'),
  bankHolidaysBuf: lib.func('int hw_calendar_bank_holidays_json_buf(_Out_ uint8_t *buf, size_t capacity, _Out_ size_t *needed, const hw_calendar *cal, int first, int last, _Out_ hw_error *err)'),
  caseloadFromFile: lib.func('int hw_caseload_from_file(_Out_ hw_caseload **out, const char *path, const char *options, _Out_ hw_error *err)'),
  caseloadFromJson: lib.func('int hw_caseload_from_json(_Out_ hw_caseload **out, const char *json, const char *options, _Out_ hw_error *err)'),
  caseloadFree: lib.func('void hw_caseload_free(hw_caseload *c)'),
  caseloadToJson: lib.func('int hw_caseload_to_json(_Out_ void **out, const hw_caseload *c, int format, _Out_ hw_error *err)'),
  caseloadToJsonBuf: lib.func('int hw_caseload_to_json_buf(_Out_ uint8_t *buf, size_t capacity, _Out_ size_t *needed, const hw_caseload *c, int format, _Out_ hw_error *err)'),
  evaluate: lib.func('int hw_caseload_evaluate(_Out_ hw_evaluation **out, const hw_caseload *c, int32_t as_of, const char *policy, _Out_ hw_error *err)'),
  evaluationFree: lib.func('void hw_evaluation_free(hw_evaluation *e)'),
  stageCount: lib.func('int hw_timeline_stage_count(void)'),
  stageCounts: lib.func('int hw_evaluation_stage_counts(_Out_ int64_t *out, size_t count, const hw_evaluation *e, _Out_ hw_error *err)'),
  measuresBuf: lib.func('int hw_caseload_measures_buf(_Out_ uint8_t *buf, size_t capacity, _Out_ size_t *needed, const hw_caseload *c, int32_t start, int32_t end, int32_t as_of, const char *policy, const char *costs, _Out_ hw_error *err)'),
  placementsFile: lib.func('int hw_matching_placements_file(_Out_ void **out, const char *path, const char *options, _Out_ hw_error *err)'),
};

/** A failed call: status, field at fault, message. */
class HomewardError extends Error {
  constructor(e) {
    super(e.message);
    this.name = 'HomewardError';
    this.status = e.status;
    this.field = e.field;
    this.statusName = c.statusName(e.status);
  }
}

/** Run one C call with its own hw_error; throw on failure. */
function call(fn, ...args) {
  const err = {};
  const rc = fn(...args, err);
  if (rc !== 0) throw new HomewardError(err);
}

/** Text through the caller-buffer form: once to size, once to fill. */
function textBuf(fn, ...args) {
  const needed = [0];
  call(fn, null, 0, needed, ...args);
  const buf = Buffer.alloc(Number(needed[0]));
  call(fn, buf, buf.length, needed, ...args);
  return buf.toString('utf8', 0, buf.length - 1); // drop the NUL
}

/** Text the library allocates: read it, then hw_string_free it. */
function takeString(fn, ...args) {
  const out = [null];
  call(fn, out, ...args);
  try {
    return koffi.decode(out[0], 'char', -1);
  } finally {
    c.stringFree(out[0]);
  }
}

const NO_DAY = c.noDay();

function parseDate(iso) {
  const out = [0];
  call(c.dateParse, out, iso);
  return out[0];
}

function formatDate(day) {
  const buf = Buffer.alloc(11);
  call(c.dateFormat, buf, buf.length, day);
  return buf.toString('utf8', 0, 10);
}

class Calendar {
  constructor() {
    const out = [null];
    call(c.calendarNew, out);
    this.ptr = out[0];
  }
  close() {
    c.calendarFree(this.ptr);
    this.ptr = null;
  }
  workingDaysBetween(a, b) {
    const out = [0n];
    call(c.between, out, this.ptr, a, b);
    return Number(out[0]);
  }
  addWorkingDays(day, n) {
    const out = [0];
    call(c.addDays, out, this.ptr, day, n);
    return out[0];
  }
  /** Typed arrays are passed to C as they are, without copies. */
  workingDaysBetweenArray(a, b) {
    const out = new BigInt64Array(a.length);
    call(c.betweenArray, out, this.ptr, a, b, a.length);
    return out;
  }
  bankHolidaysJson(first, last) {
    return takeString(c.bankHolidays, this.ptr, first, last);
  }
  bankHolidaysJsonBuf(first, last) {
    return textBuf(c.bankHolidaysBuf, this.ptr, first, last);
  }
}

class Caseload {
  constructor(ptr) {
    this.ptr = ptr;
  }
  static fromFile(p) {
    const out = [null];
    call(c.caseloadFromFile, out, p, null);
    return new Caseload(out[0]);
  }
  static fromJson(text) {
    const out = [null];
    call(c.caseloadFromJson, out, text, null);
    return new Caseload(out[0]);
  }
  close() {
    c.caseloadFree(this.ptr);
    this.ptr = null;
  }
  stageCounts(asOf) {
    const ev = [null];
    call(c.evaluate, ev, this.ptr, asOf, null);
    try {
      const counts = new BigInt64Array(c.stageCount());
      call(c.stageCounts, counts, counts.length, ev[0]);
      return Array.from(counts, Number);
    } finally {
      c.evaluationFree(ev[0]);
    }
  }
  /** The caseload document, library-allocated then freed (HW_JSON_COMPACT). */
  toJson() {
    return takeString(c.caseloadToJson, this.ptr, 0);
  }
  /** The same through a Buffer Node owns. */
  toJsonBuf() {
    return textBuf(c.caseloadToJsonBuf, this.ptr, 0);
  }
  measures(start, end) {
    return textBuf(c.measuresBuf, this.ptr, start, end, NO_DAY, null, null);
  }
}

/** Run fn(resource) and always close the resource (try/finally). */
function using(resource, fn) {
  try {
    return fn(resource);
  } finally {
    resource.close();
  }
}

function placementsFile(p) {
  return takeString(c.placementsFile, p, null);
}

module.exports = {
  Calendar, Caseload, HomewardError, NO_DAY, using, parseDate, formatDate, placementsFile,
  version: () => c.version(), errorSize: () => Number(c.errorSize()), HwErrorSize: koffi.sizeof(HwError),
};
