// Verifies certificates with agent-js's Certificate.create (signature, delegation, canister ranges, time), as its
// agent does for every certified answer. Usage: node verify-certificates.mjs <cases.json>, where the file holds
// [{ "name", "certificate" (hex), "rootKey" (hex DER), "canisterId" (text) }]. Prints [{ name, accepted, error }].
import { readFileSync } from 'node:fs';
import { Certificate } from '@icp-sdk/core/agent';
import { Principal } from '@icp-sdk/core/principal';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fromHex = text => new Uint8Array(Buffer.from(text, 'hex'));
const verdicts = [];
for (const c of cases) {
  try {
    await Certificate.create({ certificate: fromHex(c.certificate), rootKey: fromHex(c.rootKey), principal: { canisterId: Principal.fromText(c.canisterId) } });
    verdicts.push({ name: c.name, accepted: true });
  } catch (e) {
    verdicts.push({ name: c.name, accepted: false, error: `${e?.constructor?.name}: ${String(e?.message ?? e).replace(/\s+/g, ' ').slice(0, 300)}` });
  }
}
console.log(JSON.stringify(verdicts));
