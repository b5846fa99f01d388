'use strict';
// The Node.js client checked against the C reference, its errors, worker
// threads and leaks. Run: node --test test.js (scripts/ci.d/40-ffi.sh).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const hw = require('./homeward.js');

if (!isMainThread) {
  // A worker: fail many parses, each with a unique token, and count mix-ups.
  let mixed = 0;
  for (let i = 0; i < workerData.calls; i++) {
    const token = `not-a-date-${workerData.id}-${i}`;
    try {
      hw.parseDate(token);
      mixed++;
    } catch (e) {
      if (!e.message.includes(`"${token}"`) || e.field !== 'iso') mixed++;
    }
  }
  parentPort.postMessage(mixed);
  return;
}

function envDir(t, name) {
  const v = process.env[name];
  if (!v) t.skip(`${name} is not set (scripts/ci.d/40-ffi.sh sets it)`);
  return v;
}

test('layout and constants match the library', () => {
  assert.equal(hw.HwErrorSize, hw.errorSize());
  assert.equal(hw.NO_DAY, -(2 ** 31));
});

test('answers match the C reference', (t) => {
  const dir = envDir(t, 'HW_EXPECTED_DIR');
  const root = envDir(t, 'HW_REPO_ROOT');
  if (!dir || !root) return;
  const lines = fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8').trim().split('\n');
  hw.using(new hw.Calendar(), (cal) =>
    hw.using(hw.Caseload.fromFile(path.join(root, 'tests/data/timeline_caseload.json')), (caseload) => {
      let parseError;
      try {
        hw.parseDate('2025-02-30');
      } catch (e) {
        parseError = e;
      }
      for (const line of lines) {
        const w = line.split(' ');
        switch (w[0]) {
          case 'version': assert.equal(hw.version(), w[1]); break;
          case 'working_days':
            assert.equal(String(cal.workingDaysBetween(hw.parseDate(w[1]), hw.parseDate(w[2]))), w[3], line);
            break;
          case 'add_working_days':
            assert.equal(hw.formatDate(cal.addWorkingDays(hw.parseDate(w[1]), Number(w[2]))), w[3], line);
            break;
          case 'stage_counts':
            assert.deepEqual(caseload.stageCounts(hw.parseDate(w[1])).map(String), w.slice(2), line);
            break;
          case 'error_status': assert.equal(String(parseError.status), w[1]); break;
          case 'error_field': assert.equal(parseError.field, w[1]); break;
          case 'error_message': assert.equal(parseError.message, w.slice(1).join(' ')); break;
          default: assert.fail(`unknown reference line ${line}`);
        }
      }
      assert.ok(lines.length >= 10);
      const measures = caseload.measures(hw.parseDate('2025-01-01'), hw.parseDate('2025-06-30'));
      assert.equal(measures, fs.readFileSync(path.join(dir, 'measures.json'), 'utf8'));
    }));
  const placements = hw.placementsFile(path.join(root, 'examples/ffi/data/placements.json'));
  assert.equal(placements, fs.readFileSync(path.join(dir, 'placements.json'), 'utf8'));
});

test('errors name the field', () => {
  hw.using(new hw.Calendar(), (cal) => {
    assert.throws(() => cal.workingDaysBetween(hw.parseDate('2300-01-01'), 0),
      { name: 'HomewardError', status: -2, field: 'a', statusName: 'HW_ERR_OUT_OF_RANGE' });
    assert.throws(() => cal.addWorkingDays(hw.NO_DAY, 1), { field: 'date' });
    assert.throws(() => hw.formatDate(3e6), { status: -2 });
    const jan = hw.parseDate('2025-01-01');
    assert.throws(() => cal.workingDaysBetweenArray(Int32Array.of(jan, jan + 1), Int32Array.of(jan + 5, hw.NO_DAY)),
      { field: 'b[1]' });
    assert.deepEqual(Array.from(cal.workingDaysBetweenArray(Int32Array.of(jan), Int32Array.of(jan + 7)), Number),
      [cal.workingDaysBetween(jan, jan + 7)]);
    assert.equal(cal.bankHolidaysJsonBuf(2025, 2025), cal.bankHolidaysJson(2025, 2025));
  });
  assert.throws(() => hw.Caseload.fromJson('tests/data/timeline_caseload.json'), { status: -3, field: 'json' });
  hw.using(hw.Caseload.fromJson('{"version": 1, "pathways": []}'), (c) => assert.equal(c.toJsonBuf(), c.toJson()));
  assert.throws(() => hw.Caseload.fromFile('/no/such/caseload.json'), { status: -6, field: 'path' });
  assert.throws(() => hw.placementsFile('/no/such/input.json'), { field: 'input_path' });
});

test('worker threads never see each other\'s errors', async () => {
  const runs = Array.from({ length: 4 }, (_, id) => new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: { id, calls: 2500 } });
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const mixed = await Promise.all(runs);
  assert.deepEqual(mixed, [0, 0, 0, 0]);
});

test('RSS stays flat over 100,000 calls', () => {
  const tiny = '{"version": 1, "pathways": [{"person_id": "P0001", "events": [{"type": "referral_received", "date": "2025-01-06"}]}]}';
  // 40 pathways: a leaked text would be ~4 KB a call, 100 MB over the loop.
  const pathways = Array.from({ length: 40 }, (_, i) =>
    `{"person_id": "P${String(i + 1).padStart(4, '0')}", "events": [{"type": "referral_received", "date": "2025-01-06"}]}`);
  hw.using(hw.Caseload.fromJson(`{"version": 1, "pathways": [${pathways.join(',')}]}`), (caseload) => {
    const round = (n) => {
      for (let i = 0; i < n; i++) {
        switch (i % 4) {
          case 0: hw.using(hw.Caseload.fromJson(tiny), () => {}); break;
          case 1: caseload.toJson(); break;
          case 2: caseload.toJsonBuf(); break;
          default: assert.throws(() => hw.Caseload.fromJson('{"version": 1, "pathways": [{}]}'));
        }
      }
    };
    round(10000);
    global.gc?.();
    const before = process.memoryUsage().rss;
    round(100000);
    global.gc?.();
    const after = process.memoryUsage().rss;
    console.log(`RSS ${before >> 10} KiB -> ${after >> 10} KiB over 100,000 calls`);
    assert.ok(after - before < 32 * 1024 * 1024, `RSS grew by ${(after - before) >> 10} KiB`);
  });
});
