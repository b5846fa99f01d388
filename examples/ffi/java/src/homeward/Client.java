package homeward;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Java client checked against the C reference, its errors, threads and leaks.
 * Run: java -cp jna.jar:classes homeward.Client (scripts/ci.d/40-ffi.sh).
 */
public final class Client {
  private static int checks = 0;
  private static int failures = 0;

  static void check(boolean ok, String what) {
    checks++;
    if (!ok) {
      failures++;
      System.err.println("FAILED: " + what);
    }
  }

  static Homeward.HomewardException failure(Runnable r) {
    try {
      r.run();
    } catch (Homeward.HomewardException e) {
      return e;
    }
    throw new AssertionError("expected a HomewardException");
  }

  static void againstReference(Path dir, Path root) throws Exception {
    List<String> lines = Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8);
    Homeward.HomewardException parseError = failure(() -> Homeward.parseDate("2025-02-30"));
    try (Homeward.Calendar cal = new Homeward.Calendar();
        Homeward.Caseload caseload = Homeward.Caseload.fromFile(root.resolve("tests/data/timeline_caseload.json").toString())) {
      for (String line : lines) {
        String[] w = line.split(" ");
        switch (w[0]) {
          case "version": check(Homeward.version().equals(w[1]), line); break;
          case "working_days":
            check(String.valueOf(cal.workingDaysBetween(Homeward.parseDate(w[1]), Homeward.parseDate(w[2]))).equals(w[3]), line);
            break;
          case "add_working_days":
            check(Homeward.formatDate(cal.addWorkingDays(Homeward.parseDate(w[1]), Long.parseLong(w[2]))).equals(w[3]), line);
            break;
          case "stage_counts": {
            long[] got = caseload.stageCounts(Homeward.parseDate(w[1]));
            long[] want = Arrays.stream(w, 2, w.length).mapToLong(Long::parseLong).toArray();
            check(Arrays.equals(got, want), line + " got " + Arrays.toString(got));
            break;
          }
          case "error_status": check(String.valueOf(parseError.status).equals(w[1]), line); break;
          case "error_field": check(parseError.field.equals(w[1]), line); break;
          case "error_message": check(parseError.getMessage().equals(line.substring("error_message ".length())), line); break;
          default: check(false, "unknown reference line " + line);
        }
      }
      check(lines.size() >= 10, "reference lines");
      String measures = caseload.measures(Homeward.parseDate("2025-01-01"), Homeward.parseDate("2025-06-30"));
      check(measures.equals(Files.readString(dir.resolve("measures.json"))), "measures equal the reference");
    }
    String placements = Homeward.placementsFile(root.resolve("examples/ffi/data/placements.json").toString());
    check(placements.equals(Files.readString(dir.resolve("placements.json"))), "placements equal the reference");
  }

  static void errors() {
    try (Homeward.Calendar cal = new Homeward.Calendar()) {
      Homeward.HomewardException e = failure(() -> cal.workingDaysBetween(Homeward.parseDate("2300-01-01"), 0));
      check(e.status == -2 && e.field.equals("a") && e.statusName().equals("HW_ERR_OUT_OF_RANGE"), "scalar field a: " + e.field);
      check(failure(() -> cal.addWorkingDays(Homeward.NO_DAY, 1)).field.equals("date"), "HW_NO_DAY names date");
      int jan = Homeward.parseDate("2025-01-01");
      Memory a = new Memory(8);
      Memory b = new Memory(8);
      a.write(0, new int[] {jan, jan + 1}, 0, 2);
      b.write(0, new int[] {jan + 7, Homeward.NO_DAY}, 0, 2);
      check(failure(() -> cal.workingDaysBetween(a, b, 2)).field.equals("b[1]"), "array element b[1]");
      check(cal.workingDaysBetween(a, b, 1).getLong(0) == cal.workingDaysBetween(jan, jan + 7), "array form");
    }
    Homeward.HomewardException e = failure(() -> Homeward.Caseload.fromJson("tests/data/timeline_caseload.json"));
    check(e.status == -3 && e.field.equals("json"), "text is never read as a path");
    check(failure(() -> Homeward.Caseload.fromFile("/no/such/caseload.json")).status == -6, "missing file");
    check(failure(() -> Homeward.placementsFile("/no/such/input.json")).field.equals("input_path"), "input_path");
    try (Homeward.Caseload c = Homeward.Caseload.fromJson("{\"version\": 1, \"pathways\": []}")) {
      check(c.toJson().equals(c.toJsonBuf()), "library text equals buffer text");
    }
    check(new Homeward.HwError().size() == Homeward.LIB.hw_error_size(), "hw_error layout");
    check(Homeward.NO_DAY == Integer.MIN_VALUE, "hw_no_day");
  }

  static void threads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> runs = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      final int id = t;
      runs.add(pool.submit(() -> {
        int mixed = 0;
        for (int i = 0; i < 1000; i++) {
          String token = "not-a-date-" + id + "-" + i;
          Homeward.HomewardException e = failure(() -> Homeward.parseDate(token));
          Thread.yield();
          if (!e.getMessage().contains("\"" + token + "\"") || !e.field.equals("iso")) mixed++;
        }
        return mixed;
      }));
    }
    int mixed = 0;
    for (Future<Integer> f : runs) mixed += f.get();
    pool.shutdown();
    check(mixed == 0, mixed + " mixed-up messages over 16,000 concurrent failing calls");
  }

  static long rssKiB() throws Exception {
    String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
    return Long.parseLong(f[1]) * 4;
  }

  static void leaks() throws Exception {
    String tiny = "{\"version\": 1, \"pathways\": [{\"person_id\": \"P0001\", \"events\": "
        + "[{\"type\": \"referral_received\", \"date\": \"2025-01-06\"}]}]}";
    // 40 pathways: a leaked text would be ~4 KB a call, 100 MB over the loop.
    StringBuilder doc = new StringBuilder("{\"version\": 1, \"pathways\": [");
    for (int i = 1; i <= 40; i++) {
      if (i > 1) doc.append(',');
      doc.append(String.format("{\"person_id\": \"P%04d\", \"events\": [{\"type\": \"referral_received\", \"date\": \"2025-01-06\"}]}", i));
    }
    doc.append("]}");
    try (Homeward.Caseload caseload = Homeward.Caseload.fromJson(doc.toString())) {
      check(caseload.toJson().length() > 3000, "a caseload text of some size");
      Runnable[] ops = {
        () -> Homeward.Caseload.fromJson(tiny).close(),
        caseload::toJson,
        caseload::toJsonBuf,
        () -> failure(() -> Homeward.Caseload.fromJson("{\"version\": 1, \"pathways\": [{}]}")),
      };
      for (int i = 0; i < 20000; i++) ops[i % 4].run();
      // The JVM's own heap (bounded by -Xmx64m) settles during the first window;
      // a leaked text grows by ~100 MB in every window, so the second one decides.
      System.gc();
      long before = rssKiB();
      for (int i = 0; i < 100000; i++) ops[i % 4].run();
      System.gc();
      long mid = rssKiB();
      for (int i = 0; i < 100000; i++) ops[i % 4].run();
      System.gc();
      long after = rssKiB();
      System.out.println("RSS " + before + " KiB -> " + mid + " KiB -> " + after
          + " KiB over 2 x 100,000 calls");
      check(after - mid < 32 * 1024, "RSS grew by " + (after - mid) + " KiB in the second 100,000 calls");
    }
  }

  public static void main(String[] args) throws Exception {
    String dir = System.getenv("HW_EXPECTED_DIR");
    String root = System.getenv("HW_REPO_ROOT");
    if (dir == null || root == null) {
      System.out.println("SKIP reference check: HW_EXPECTED_DIR/HW_REPO_ROOT not set (scripts/ci.d/40-ffi.sh sets them)");
    } else {
      againstReference(Path.of(dir), Path.of(root));
    }
    errors();
    threads();
    leaks();
    System.out.println((checks - failures) + " passed, " + failures + " failed");
    System.exit(failures == 0 ? 0 : 1);
  }
}
