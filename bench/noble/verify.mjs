// Side-by-side baseline for bench/Canic.Fsm.Benchmarks/Bls: @noble/curves (pinned in package-lock.json) verifying
// the same 128 min-sig lines (sk:msg:sig:pk) of ../shared/ic_cert_vectors/bls12381_min_sig_nul_vectors.txt,
// read at run time. Prints the median and mean time per operation over ROUNDS rounds of all lines.
//   cd bench/noble && npm ci && node verify.mjs [rounds]
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { bls12_381 } from '@noble/curves/bls12-381.js';

const DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, '..', '..', '..', 'shared', 'ic_cert_vectors', 'bls12381_min_sig_nul_vectors.txt');
if (!existsSync(file)) {
  console.error(`absent: ${file} (the shared vector folder next to the repository root)`);
  process.exit(2);
}
const hex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const lines = readFileSync(file, 'utf8').split('\n')
  .filter((l) => l.length > 0 && !l.startsWith('#'))
  .map((l) => l.split(':'))
  .map(([, msg, sig, pk]) => ({ msg: hex(msg), sig: hex(sig), pk: hex(pk) }));
const rounds = Number(process.argv[2] ?? 3);
const bls = bls12_381.shortSignatures;

const verify = (l) => bls.verify(l.sig, bls.hash(l.msg, DST), l.pk);
const operations = {
  verify,
  hashToG1: (l) => bls.hash(l.msg, DST),
  decompressSignatureG1: (l) => bls.Signature.fromBytes(l.sig),
  decompressPublicKeyG2: (l) => bls12_381.G2.Point.fromBytes(l.pk),
};

if (!lines.every(verify)) throw new Error('a vector line did not verify');
console.log(`@noble/curves 2.4.0, Node ${process.version}, ${lines.length} lines, ${rounds} rounds`);
for (const [name, op] of Object.entries(operations)) {
  const perOp = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const l of lines) op(l);
    perOp.push((performance.now() - start) / lines.length);
  }
  perOp.sort((a, b) => a - b);
  const median = perOp[Math.floor(perOp.length / 2)];
  const mean = perOp.reduce((a, b) => a + b, 0) / perOp.length;
  console.log(`${name.padEnd(24)} median ${median.toFixed(3)} ms  mean ${mean.toFixed(3)} ms  (per line)`);
}
