#!/usr/bin/env node
// Invokes a Lambda function zip (a `provided` custom runtime: `bootstrap` at its root)
// under @vercel/fun, which unzips it, serves the Lambda Runtime API on 127.0.0.1 and runs
// the bootstrap against it, as Lambda does.
//
//   node invoke.js [--env NAME=VALUE]... ZIP < events
//       Each non-empty stdin line is one event, sent as is (so it may be invalid JSON).
//       Prints one JSON line per event: {"functionError": null or fun's FunctionError,
//       "payload": the function's answer as text}. Exit 1 when fun itself fails.
//   node invoke.js --bench N [--warmup W] [--env NAME=VALUE]... ZIP < events
//       Invokes each event W times (default 20), then N times round robin, timing each
//       invocation (fun's round trip: HTTP to the runtime and back); prints the
//       latencies' median, p90, p99 and mean in milliseconds as one JSON line.
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const { createFunction } = require('@vercel/fun');

function usage(message) {
  process.stderr.write(`invoke.js: ${message}\n` +
    'usage: node invoke.js [--bench N [--warmup W]] [--env NAME=VALUE]... ZIP < events\n');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { env: {}, bench: 0, warmup: 20, zip: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--env') {
      const kv = argv[++i] || '';
      const eq = kv.indexOf('=');
      if (eq <= 0) usage(`--env takes NAME=VALUE, not '${kv}'`);
      args.env[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (a === '--bench' || a === '--warmup') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < (a === '--bench' ? 1 : 0)) usage(`${a} takes a count`);
      args[a.slice(2)] = n;
    } else if (a.startsWith('-')) {
      usage(`unknown option ${a}`);
    } else if (args.zip === null) {
      args.zip = a;
    } else {
      usage('one ZIP only');
    }
  }
  if (args.zip === null) usage('no ZIP given');
  return args;
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const events = fs.readFileSync(0, 'utf8').split('\n').filter((line) => line.length > 0);
  if (events.length === 0) usage('no events on stdin');

  const fn = await createFunction({
    Code: { ZipFile: path.resolve(args.zip) },
    Handler: 'bootstrap', // a custom runtime ignores it
    Runtime: 'provided',
    Environment: { Variables: args.env },
    MemorySize: 512,
  });
  const invoke = (payload) => fn.invoke({ InvocationType: 'RequestResponse', Payload: payload });
  try {
    if (args.bench === 0) {
      for (const event of events) {
        const result = await invoke(event);
        const payload = typeof result.Payload === 'string' ? result.Payload : String(result.Payload);
        process.stdout.write(JSON.stringify({ functionError: result.FunctionError || null, payload }) + '\n');
      }
      return;
    }
    for (let i = 0; i < args.warmup * events.length; i++) {
      const result = await invoke(events[i % events.length]);
      if (result.FunctionError) throw new Error(`warm-up invocation failed: ${result.Payload}`);
    }
    const ms = [];
    for (let i = 0; i < args.bench; i++) {
      const start = process.hrtime.bigint();
      const result = await invoke(events[i % events.length]);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result.FunctionError) throw new Error(`invocation failed: ${result.Payload}`);
    }
    ms.sort((a, b) => a - b);
    const round = (x) => Math.round(x * 1000) / 1000;
    process.stdout.write(JSON.stringify({
      invocations: ms.length,
      median_ms: round(quantile(ms, 0.5)),
      p90_ms: round(quantile(ms, 0.9)),
      p99_ms: round(quantile(ms, 0.99)),
      mean_ms: round(ms.reduce((a, b) => a + b, 0) / ms.length),
    }) + '\n');
  } finally {
    await fn.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`invoke.js: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
