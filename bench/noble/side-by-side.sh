#!/usr/bin/env bash
# BLS12-381 verification side by side, on the same 128 lines of ../shared/ic_cert_vectors/bls12381_min_sig_nul_vectors.txt:
# @noble/curves 2.4.0 under Node (installed with `npm ci` from the committed package-lock.json) is timed before and
# after the managed implementation's BenchmarkDotNet run (bench/Canic.Fsm.Benchmarks/Bls/BlsBenchmarks.cs), so that
# both see the same machine; prints the medians and the ratio noble / managed.
#   bench/noble/side-by-side.sh [noble rounds, default 2]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-2}
# Inside the checkout (ignored by git): the benchmark process finds the vector folder from its own location.
artifacts="$root/BenchmarkDotNet.Artifacts/bls-side-by-side"
rm -rf "$artifacts" && mkdir -p "$artifacts"

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
noble() { node verify.mjs "$rounds" | tee -a "$artifacts/noble.txt"; }
echo "== noble, before"
noble
echo "== managed (BenchmarkDotNet)"
(cd "$root" && dotnet run -c Release --project bench/Canic.Fsm.Benchmarks -- \
  --filter '*Bls.BlsBenchmarks*' --exporters json --artifacts "$artifacts/bdn" > "$artifacts/bdn.log" 2>&1 ) \
  || { tail -40 "$artifacts/bdn.log"; exit 1; }
grep -E '^\|' "$artifacts/bdn.log" || { tail -40 "$artifacts/bdn.log"; exit 1; }
echo "== noble, after"
noble

# The managed medians from BenchmarkDotNet's JSON (nanoseconds per line), noble's from its two runs (ms per line).
node --input-type=module - "$artifacts" <<'JS'
import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const json = readdirSync(`${dir}/bdn/results`).find((f) => f.endsWith('.json'));
const managed = Object.fromEntries(JSON.parse(readFileSync(`${dir}/bdn/results/${json}`, 'utf8')).Benchmarks
  .map((b) => [b.Method, b.Statistics.Median / 1e6]));
const noble = {};
for (const line of readFileSync(`${dir}/noble.txt`, 'utf8').split('\n')) {
  const m = line.match(/^(\w+)\s+median ([\d.]+) ms/);
  if (m) (noble[m[1]] ??= []).push(Number(m[2]));
}
const pairs = [['verify', 'Verify'], ['hashToG1', 'HashToG1'], ['decompressSignatureG1', 'DecompressSignatureG1'], ['decompressPublicKeyG2', 'DecompressPublicKeyG2']];
console.log('\n| operation (median per line) | noble before / after | managed | ratio noble / managed |');
console.log('|---|---|---|---|');
for (const [n, m] of pairs) {
  const [before, after] = noble[n];
  const ratio = ((before + after) / 2) / managed[m];
  console.log(`| ${m} | ${before.toFixed(3)} / ${after.toFixed(3)} ms | ${managed[m].toFixed(3)} ms | **${ratio.toFixed(1)}x** |`);
}
console.log(`| VerifyDecoded (key and signature already decoded) | - | ${managed.VerifyDecoded.toFixed(3)} ms | - |`);
JS
