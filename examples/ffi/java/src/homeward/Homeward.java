package homeward;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A small, idiomatic Java client of homeward's C ABI through JNA (Java 17 has no
 * final Foreign Function and Memory API).
 *
 * <p>Every call gets its own {@link HwError} (a JNA structure in native memory the
 * caller owns), so the error read after a call is that call's, whichever thread ran
 * it. Handles are {@link AutoCloseable} for try-with-resources. Text comes through
 * the caller-buffer ({@code _buf}) form, or as a {@link Pointer} released with
 * {@code hw_string_free} (never declared as {@code String}, which would leak).
 */
public final class Homeward {
  private Homeward() {}

  /** {@code struct hw_error}: fixed size, caller-owned, nothing to free. */
  @Structure.FieldOrder({"status", "field", "message"})
  public static final class HwError extends Structure {
    public int status;
    public byte[] field = new byte[256];
    public byte[] message = new byte[1024];

    static String text(byte[] b) {
      int n = 0;
      while (n < b.length && b[n] != 0) n++;
      return new String(b, 0, n, StandardCharsets.UTF_8);
    }
  }

  /** The C functions, declared by hand. size_t is long (LP64). */
  public interface Lib extends Library {
    String hw_version();
    int hw_no_day();
    long hw_error_size();
    String hw_status_name(int status);
    void hw_string_free(Pointer s);
    int hw_date_parse(IntByReference out, String iso, HwError err);
    int hw_date_format(byte[] out, long size, int date, HwError err);
    int hw_calendar_new_england_and_wales(PointerByReference out, HwError err);
    void hw_calendar_free(Pointer cal);
    int hw_calendar_working_days_between(LongByReference out, Pointer cal, int a, int b, HwError err);
    int hw_calendar_add_working_days(IntByReference out, Pointer cal, int date, long n, HwError err);
    int hw_calendar_working_days_between_array(
        Pointer out, Pointer cal, Pointer a, Pointer b, long count, HwError err);
    int hw_caseload_from_file(PointerByReference out, String path, String options, HwError err);
    int hw_caseload_from_json(PointerByReference out, String json, String options, HwError err);
    void hw_caseload_free(Pointer caseload);
    int hw_caseload_to_json(PointerByReference out, Pointer caseload, int format, HwError err);
    int hw_caseload_to_json_buf(
        byte[] buf, long capacity, LongByReference needed, Pointer caseload, int format, HwError err);
    int hw_caseload_evaluate(PointerByReference out, Pointer caseload, int asOf, String policy, HwError err);
    void hw_evaluation_free(Pointer evaluation);
    int hw_timeline_stage_count();
    int hw_evaluation_stage_counts(long[] out, long count, Pointer evaluation, HwError err);
    int hw_caseload_measures_buf(byte[] buf, long capacity, LongByReference needed, Pointer caseload,
        int start, int end, int asOf, String policy, String costs, HwError err);
    int hw_matching_placements_file(PointerByReference out, String path, String options, HwError err);
  }

  static String libraryPath() {
    String env = System.getenv("HOMEWARD_C_LIBRARY");
    if (env != null && !env.isEmpty()) return env;
    String[] v = pkgConfig("--modversion").split("\\.");
    return pkgConfig("--variable=libdir") + "/libhomeward_c.so." + v[0] + "." + v[1];
  }

  private static String pkgConfig(String arg) {
    try {
      Process p = new ProcessBuilder("pkg-config", arg, "homeward-c").start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line = r.readLine();
        if (p.waitFor() != 0 || line == null) throw new IllegalStateException("pkg-config homeward-c failed");
        return line.trim();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot find homeward-c with pkg-config", e);
    }
  }

  public static final Lib LIB = Native.load(libraryPath(), Lib.class);
  public static final int NO_DAY = LIB.hw_no_day();

  /** A failed call: status, field at fault, message. */
  public static final class HomewardException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final int status;
    public final String field;

    HomewardException(HwError e) {
      super(HwError.text(e.message));
      this.status = e.status;
      this.field = HwError.text(e.field);
    }

    public String statusName() {
      return LIB.hw_status_name(status);
    }
  }

  @FunctionalInterface
  interface Call {
    int run(HwError err);
  }

  /** Run one C call with its own error; throw on failure. */
  static void call(Call c) {
    HwError err = new HwError();
    if (c.run(err) != 0) throw new HomewardException(err);
  }

  @FunctionalInterface
  interface BufCall {
    int run(byte[] buf, long capacity, LongByReference needed, HwError err);
  }

  /** Text through a _buf function: once to size, once to fill; Java owns the bytes. */
  static String textBuf(BufCall c) {
    LongByReference needed = new LongByReference();
    call(err -> c.run(null, 0, needed, err));
    byte[] buf = new byte[(int) needed.getValue()];
    call(err -> c.run(buf, buf.length, needed, err));
    return new String(buf, 0, buf.length - 1, StandardCharsets.UTF_8);
  }

  /** Text the library allocated: read, then hw_string_free. */
  static String take(PointerByReference out) {
    Pointer p = out.getValue();
    try {
      return p.getString(0, "UTF-8");
    } finally {
      LIB.hw_string_free(p);
    }
  }

  public static String version() {
    return LIB.hw_version();
  }

  public static int parseDate(String iso) {
    IntByReference out = new IntByReference();
    call(err -> LIB.hw_date_parse(out, iso, err));
    return out.getValue();
  }

  public static String formatDate(int day) {
    byte[] buf = new byte[11];
    call(err -> LIB.hw_date_format(buf, buf.length, day, err));
    return new String(buf, 0, 10, StandardCharsets.UTF_8);
  }

  public static String placementsFile(String path) {
    PointerByReference out = new PointerByReference();
    call(err -> LIB.hw_matching_placements_file(out, path, null, err));
    return take(out);
  }

  /** A working-day calendar; close it (try-with-resources). */
  public static final class Calendar implements AutoCloseable {
    private Pointer ptr;

    public Calendar() {
      PointerByReference out = new PointerByReference();
      call(err -> LIB.hw_calendar_new_england_and_wales(out, err));
      ptr = out.getValue();
    }

    public long workingDaysBetween(int a, int b) {
      LongByReference out = new LongByReference();
      call(err -> LIB.hw_calendar_working_days_between(out, ptr, a, b, err));
      return out.getValue();
    }

    public int addWorkingDays(int day, long n) {
      IntByReference out = new IntByReference();
      call(err -> LIB.hw_calendar_add_working_days(out, ptr, day, n, err));
      return out.getValue();
    }

    /** Arrays in native Memory cross without copies (JNA copies Java arrays). */
    public Memory workingDaysBetween(Memory a, Memory b, int count) {
      Memory out = new Memory(8L * Math.max(count, 1));
      call(err -> LIB.hw_calendar_working_days_between_array(out, ptr, a, b, count, err));
      return out;
    }

    @Override
    public void close() {
      LIB.hw_calendar_free(ptr);
      ptr = null;
    }
  }

  /** A caseload of referral pathways; close it (try-with-resources). */
  public static final class Caseload implements AutoCloseable {
    private Pointer ptr;

    private Caseload(Pointer p) {
      ptr = p;
    }

    public static Caseload fromFile(String path) {
      PointerByReference out = new PointerByReference();
      call(err -> LIB.hw_caseload_from_file(out, path, null, err));
      return new Caseload(out.getValue());
    }

    public static Caseload fromJson(String text) {
      PointerByReference out = new PointerByReference();
      call(err -> LIB.hw_caseload_from_json(out, text, null, err));
      return new Caseload(out.getValue());
    }

    public String toJson() {
      PointerByReference out = new PointerByReference();
      call(err -> LIB.hw_caseload_to_json(out, ptr, 0, err));
      return take(out);
    }

    public String toJsonBuf() {
      return textBuf((buf, cap, needed, err) -> LIB.hw_caseload_to_json_buf(buf, cap, needed, ptr, 0, err));
    }

    public long[] stageCounts(int asOf) {
      PointerByReference ev = new PointerByReference();
      call(err -> LIB.hw_caseload_evaluate(ev, ptr, asOf, null, err));
      try {
        long[] counts = new long[LIB.hw_timeline_stage_count()];
        call(err -> LIB.hw_evaluation_stage_counts(counts, counts.length, ev.getValue(), err));
        return counts;
      } finally {
        LIB.hw_evaluation_free(ev.getValue());
      }
    }

    public String measures(int start, int end) {
      return textBuf((buf, cap, needed, err) ->
          LIB.hw_caseload_measures_buf(buf, cap, needed, ptr, start, end, NO_DAY, null, null, err));
    }

    @Override
    public void close() {
      LIB.hw_caseload_free(ptr);
      ptr = null;
    }
  }
}
