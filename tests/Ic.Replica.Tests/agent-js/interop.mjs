// agent-js (@icp-sdk/core) as an independent IC client against the development replica, certificate verification on.
// Usage: node interop.mjs <replica url> <expected root key hex> <default effective canister id> <ledger id> [corrupt]
// Prints one JSON object (the results) and exits 0 when every check holds; exits 1 with the failed check otherwise.
// In "corrupt" mode the replica tampers with every certificate: every certified answer must be refused.
import { createHash } from 'node:crypto';
import { Actor, HttpAgent, CanisterStatus } from '@icp-sdk/core/agent';
import { IDL } from '@icp-sdk/core/candid';
import { Ed25519KeyIdentity, ECDSAKeyIdentity } from '@icp-sdk/core/identity';
import { Secp256k1KeyIdentity } from '@icp-sdk/core/identity/secp256k1';
import { Principal } from '@icp-sdk/core/principal';

const [url, rootKeyHex, defaultEcid, ledgerId, mode] = process.argv.slice(2);
const hex = bytes => Buffer.from(bytes).toString('hex');
const results = {};
function check(name, condition, detail) {
  if (!condition) {
    console.log(JSON.stringify({ failed: name, detail, results }, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
    process.exit(1);
  }
}

const settings = IDL.Record({
  controllers: IDL.Opt(IDL.Vec(IDL.Principal)),
  compute_allocation: IDL.Opt(IDL.Nat),
  memory_allocation: IDL.Opt(IDL.Nat),
  freezing_threshold: IDL.Opt(IDL.Nat),
});
const management = () => IDL.Service({
  provisional_create_canister_with_cycles: IDL.Func(
    [IDL.Record({ amount: IDL.Opt(IDL.Nat), settings: IDL.Opt(settings), specified_id: IDL.Opt(IDL.Principal), sender_canister_version: IDL.Opt(IDL.Nat64) })],
    [IDL.Record({ canister_id: IDL.Principal })], []),
  update_settings: IDL.Func([IDL.Record({ canister_id: IDL.Principal, settings, sender_canister_version: IDL.Opt(IDL.Nat64) })], [], []),
  install_code: IDL.Func([IDL.Record({
    mode: IDL.Variant({ install: IDL.Null, reinstall: IDL.Null, upgrade: IDL.Opt(IDL.Record({ skip_pre_upgrade: IDL.Opt(IDL.Bool) })) }),
    canister_id: IDL.Principal, wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8), sender_canister_version: IDL.Opt(IDL.Nat64),
  })], [], []),
  canister_status: IDL.Func([IDL.Record({ canister_id: IDL.Principal })], [IDL.Record({
    status: IDL.Variant({ running: IDL.Null, stopping: IDL.Null, stopped: IDL.Null }),
    module_hash: IDL.Opt(IDL.Vec(IDL.Nat8)),
    cycles: IDL.Nat,
    memory_size: IDL.Nat,
    settings: IDL.Record({ controllers: IDL.Vec(IDL.Principal), freezing_threshold: IDL.Nat }),
  })], []),
});
const ledger = () => IDL.Service({
  icrc1_balance_of: IDL.Func([IDL.Record({ owner: IDL.Principal, subaccount: IDL.Opt(IDL.Vec(IDL.Nat8)) })], [IDL.Nat], ['query']),
});

async function connect(identity) {
  const agent = await HttpAgent.create({ host: url, identity, shouldFetchRootKey: true, verifyQuerySignatures: true, retryTimes: 0 });
  const mgmt = Actor.createActor(management, {
    agent,
    canisterId: Principal.managementCanister(),
    // The IC routes a management call by the canister it names; creation by any id of the subnet.
    callTransform: (_method, [arg]) => ({ effectiveCanisterId: arg?.canister_id ?? Principal.fromText(defaultEcid) }),
  });
  return { agent, mgmt, ledger: Actor.createActor(ledger, { agent, canisterId: Principal.fromText(ledgerId) }) };
}

async function mint(owner, amount) {
  const response = await fetch(new URL('_/mint', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ owner, amount }) });
  check('mint', response.ok, await response.text());
}

async function refused(name, promise) {
  try {
    await promise;
  } catch (e) {
    results[name] = `refused: ${e?.constructor?.name}: ${String(e?.message ?? e).replace(/\s+/g, ' ').slice(0, 300)}`;
    return;
  }
  check(name, false, 'agent-js accepted a tampered certificate');
}

const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x2a]);
const identities = {
  ed25519: Ed25519KeyIdentity.generate(),
  secp256k1: Secp256k1KeyIdentity.generate(),
  p256: await ECDSAKeyIdentity.generate(),
};

if (mode === 'corrupt') {
  const { mgmt, agent, ledger: cyclesLedger } = await connect(identities.ed25519);
  results.rootKey = hex(agent.rootKey);
  await refused('create', mgmt.provisional_create_canister_with_cycles({ amount: [1n], settings: [], specified_id: [], sender_canister_version: [] }));
  await refused('readState', CanisterStatus.request({ canisterId: Principal.fromText(defaultEcid), agent, paths: ['time'] }));
  await refused('query', cyclesLedger.icrc1_balance_of({ owner: identities.ed25519.getPrincipal(), subaccount: [] }));
  console.log(JSON.stringify(results));
  process.exit(0);
}

for (const [kind, identity] of Object.entries(identities)) {
  const me = identity.getPrincipal();
  const { agent, mgmt, ledger: cyclesLedger } = await connect(identity);
  check(`${kind}: root key`, hex(agent.rootKey) === rootKeyHex, hex(agent.rootKey));
  await mint(me.toText(), '7T');

  const { canister_id: id } = await mgmt.provisional_create_canister_with_cycles({ amount: [2_000_000_000_000n], settings: [], specified_id: [], sender_canister_version: [] });
  const other = Ed25519KeyIdentity.generate().getPrincipal();
  await mgmt.update_settings({ canister_id: id, settings: { controllers: [[me, other]], compute_allocation: [], memory_allocation: [], freezing_threshold: [] }, sender_canister_version: [] });
  await mgmt.install_code({ mode: { install: null }, canister_id: id, wasm_module: wasm, arg: new Uint8Array([0x44, 0x49, 0x44, 0x4c, 0, 0]), sender_canister_version: [] });
  const status = await mgmt.canister_status({ canister_id: id });
  const moduleHash = createHash('sha256').update(wasm).digest('hex');
  check(`${kind}: status running`, 'running' in status.status, status.status);
  check(`${kind}: module hash`, status.module_hash.length === 1 && hex(status.module_hash[0]) === moduleHash, status.module_hash);
  check(`${kind}: cycles`, status.cycles === 2_000_000_000_000n, status.cycles);
  check(`${kind}: controllers`, status.settings.controllers.map(p => p.toText()).sort().join() === [me.toText(), other.toText()].sort().join(), status.settings.controllers);

  // read_state of /canister/<id>/module_hash and /controllers, verified by agent-js.
  const state = await CanisterStatus.request({ canisterId: id, agent, paths: ['module_hash', 'controllers'] });
  check(`${kind}: certified module hash`, state.get('module_hash') === moduleHash, state.get('module_hash'));
  check(`${kind}: certified controllers`, state.get('controllers').map(p => p.toText()).sort().join() === [me.toText(), other.toText()].sort().join(), state.get('controllers'));

  // A query with node signatures verified against the subnet's node keys.
  const balance = await cyclesLedger.icrc1_balance_of({ owner: me, subaccount: [] });
  check(`${kind}: ledger balance`, balance === 7_000_000_000_000n, balance);

  // Controllers are enforced: a stranger's canister_status is a certified reject.
  const stranger = await connect(Ed25519KeyIdentity.generate());
  await refused(`${kind}: stranger status`, stranger.mgmt.canister_status({ canister_id: id }));
  check(`${kind}: stranger rejected`, /not.*controller|controller/i.test(results[`${kind}: stranger status`]), results[`${kind}: stranger status`]);

  results[kind] = { principal: me.toText(), canister: id.toText(), moduleHash, balance: balance.toString() };
}
console.log(JSON.stringify(results));
