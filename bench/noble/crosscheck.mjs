// Differential check for tests/Ic.Tests/Bls/NobleCrossCheckTests.cs: @noble/curves (pinned in package-lock.json) as
// an independent BLS12-381 implementation. Reads JSON lines {msg, pk, sig, sk?} (hex) on stdin and writes, per line,
// {verify, sig?, pk?}: noble's verdict on (pk, msg, sig) with the IC's DST (an encoding noble refuses counts as
// false), and, when sk is given, noble's own public key and signature of msg under it.
//   cd bench/noble && npm ci && node crosscheck.mjs < cases.jsonl
import { createInterface } from 'node:readline';
import { bls12_381 } from '@noble/curves/bls12-381.js';

const DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const bls = bls12_381.shortSignatures;
const hex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex');

function verify(pk, msg, sig) {
  try {
    return bls.verify(hex(sig), bls.hash(hex(msg), DST), hex(pk));
  } catch {
    return false;
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const c = JSON.parse(line);
  const out = { verify: verify(c.pk, c.msg, c.sig) };
  if (c.sk) {
    out.pk = toHex(bls.getPublicKey(hex(c.sk)).toBytes());
    out.sig = toHex(bls.sign(bls.hash(hex(c.msg), DST), hex(c.sk)).toBytes());
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
