using System.Text.Json.Nodes;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Replica.Faults;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Ic.Replica.Tests;

/// <summary>
/// agent-js (<c>@icp-sdk/core</c> 6.1.0), a client nobody here wrote, against what the replica serves and signs: with
/// certificate verification on, for Ed25519, secp256k1 and P-256 identities, it fetches the root key, creates a canister
/// (provisional), sets its controllers, installs a module, reads <c>canister_status</c>, the certified module hash and
/// controllers (read_state) and a ledger balance (a node-signed query), and sees a stranger rejected. The reverse: on the
/// same bytes, our client accepts no certificate agent-js rejects; where the two disagree the IC interface specification
/// decides and the difference is recorded here, not bent into our client.
/// </summary>
[NonParallelizable]
public sealed class AgentJsInteropTests
{
    private static readonly byte[] Wasm = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x2a];

    [SetUp]
    public void RequireAgentJs() => AgentJs.RequireInstalled();

    [TestCase(false, TestName = "agent-js drives the replica (root-signed certificates)")]
    [TestCase(true, TestName = "agent-js drives the replica (certificates through a delegation)")]
    public async Task AgentJs_creates_configures_installs_and_reads_with_verification_on(bool delegation)
    {
        var replica = await Replicas.StartAsync(delegation);
        try
        {
            var (code, output, text) = await AgentJs.RunAsync("interop.mjs", replica.BaseAddress.ToString(), Convert.ToHexStringLower(replica.RootKeyDer),
                replica.Layout.DefaultEffectiveCanisterId.ToString(), replica.Layout.LedgerId.ToString());

            Assert.That(code, Is.EqualTo(0), text);
            var moduleHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Wasm));
            foreach (var kind in new[] { "ed25519", "secp256k1", "p256" })
            {
                var result = output![kind]!;
                var canister = replica.Ic.Canister(Principal.Parse(result["canister"]!.GetValue<string>()));
                Assert.That(canister, Is.Not.Null, $"{kind}: agent-js reported a canister the replica does not hold");
                Assert.That(Convert.ToHexStringLower(canister!.ModuleHash!), Is.EqualTo(moduleHash), kind);
                Assert.That(canister.Controllers, Does.Contain(Principal.Parse(result["principal"]!.GetValue<string>())), kind);
                Assert.That(canister.Controllers, Has.Count.EqualTo(2), kind);
                Assert.That(output[$"{kind}: stranger status"]!.GetValue<string>(), Does.Contain("Reject code: 5").And.Contain("Only controllers of canister"), kind);
            }
        }
        finally
        {
            await Replicas.StopAsync(replica);
        }
    }

    [Test]
    public async Task With_every_certificate_tampered_agent_js_and_our_client_both_refuse()
    {
        var replica = await Replicas.StartAsync(delegation: true);
        try
        {
            replica.Faults = HttpFaultPlan.None.WithCorruptCertificates();
            var (code, output, text) = await AgentJs.RunAsync("interop.mjs", replica.BaseAddress.ToString(), Convert.ToHexStringLower(replica.RootKeyDer),
                replica.Layout.DefaultEffectiveCanisterId.ToString(), replica.Layout.LedgerId.ToString(), "corrupt");
            Assert.That(code, Is.EqualTo(0), text);
            Assert.That(output!["create"]!.GetValue<string>(), Does.StartWith("refused: TrustError"));
            Assert.That(output["readState"]!.GetValue<string>(), Does.StartWith("refused:"));
            Assert.That(output["query"]!.GetValue<string>(), Does.StartWith("refused:"));

            using var http = new HttpClient();
            var agent = await Replicas.AgentAsync(replica, Ed25519Identity.FromSeed(new byte[32]), http);
            var management = new ManagementCanisterClient(agent, replica.Layout.DefaultEffectiveCanisterId);
            var create = Assert.ThrowsAsync<IcUnknownOutcomeException>(() =>
                management.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("1T"))));
            Assert.That(create!.InnerException, Is.InstanceOf<CertificateException>());
            // Refused, whichever form the refusal takes (read_state hands the certificate failure up unwrapped).
            Assert.That(async () => await agent.ReadControllersAsync(replica.Layout.DefaultEffectiveCanisterId), Throws.Exception.With.Matches<Exception>(e => e is IcUnknownOutcomeException or CertificateException));
            Assert.That(async () => await new CyclesLedgerClient(agent, replica.Layout.LedgerId).BalanceAsync(new Account(agent.Identity.Sender)),
                Throws.Exception.With.Matches<Exception>(e => e is IcUnknownOutcomeException or CertificateException));
        }
        finally
        {
            await Replicas.StopAsync(replica);
        }
    }

    [Test]
    public async Task Our_client_accepts_no_certificate_agent_js_rejects_and_the_one_disagreement_is_the_specs_shard_rule()
    {
        var keys = ReplicaKeys.Random();
        var canister = CanisterIdRange.CanisterId(0);
        var outside = CanisterIdRange.CanisterId(1UL << 21);
        var layout = new SubnetLayout(0, (1UL << 20) - 1);
        var twoShards = new SubnetLayout(0, (1UL << 20) - 1, shards: 2);
        var threeShards = new SubnetLayout(0, (1UL << 20) - 1, shards: 3);
        var now = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stale = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        var future = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));
        StateLeaf[] leaves = [StateLeaf.At(Enumerable.Repeat((byte)0x11, 32).ToArray(), "canister", canister, "module_hash")];
        var tampered = new Certifier(keys, layout, true, now).Certify(leaves);
        var at = tampered.AsSpan().IndexOf(Enumerable.Repeat((byte)0x11, 32).ToArray());
        tampered[at] ^= 0x01;
        // The case, its bytes, the canister it is checked for, and the verdict the spec gives.
        var cases = new (string Name, byte[] Certificate, Principal Canister, bool SpecValid)[]
        {
            ("root-signed", new Certifier(keys, layout, false, now).Certify(leaves), canister, true),
            ("a certification round's certificate, pruned to one of its three requests", new Certifier(keys, layout, true, now).CertifyRound([
                ([1], [StateLeaf.At([1], "request_status", new byte[] { 1 }, "reply")]),
                ([2], [StateLeaf.At([2], "request_status", new byte[] { 2 }, "reply")]),
                ([3], [StateLeaf.At([3], "request_status", new byte[] { 3 }, "reply")])])[1], canister, true),
            ("delegated, one shard", new Certifier(keys, layout, true, now).Certify(leaves), canister, true),
            ("delegated, one shard, the ledger", new Certifier(keys, layout, true, now).Certify(leaves), layout.LedgerId, true),
            ("delegated, 2 shards, canister in the first", new Certifier(keys, twoShards, true, now).Certify(leaves), canister, true),
            ("delegated, 2 shards, the ledger in the second", new Certifier(keys, twoShards, true, now).Certify(leaves), twoShards.LedgerId, true),
            ("delegated, 3 shards, canister in the second", new Certifier(keys, threeShards, true, now).Certify(leaves), threeShards.Shards[1][0].Low, true),
            ("signature bit flipped", new Certifier(keys, layout, false, now).Certify(leaves, corrupt: true), canister, false),
            ("delegated, signature bit flipped", new Certifier(keys, layout, true, now).Certify(leaves, corrupt: true), canister, false),
            ("leaf changed after signing", tampered, canister, false),
            ("canister outside the delegated ranges", new Certifier(keys, layout, true, now).Certify(leaves), outside, false),
            ("signed by another root key", new Certifier(ReplicaKeys.Random(), layout, false, now).Certify(leaves), canister, false),
            ("delegation from another root key", new Certifier(ReplicaKeys.Random(), layout, true, now).Certify(leaves), canister, false),
            ("10 minutes old", new Certifier(keys, layout, false, stale).Certify(leaves), canister, false),
            ("10 minutes ahead", new Certifier(keys, layout, false, future).Certify(leaves), canister, false),
        };
        var file = Path.Combine(Path.GetTempPath(), $"canic-certificates-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["certificate"] = Convert.ToHexStringLower(c.Certificate),
            ["rootKey"] = Convert.ToHexStringLower(keys.RootKeyDer),
            ["canisterId"] = c.Canister.ToString(),
        })]).ToJsonString());
        try
        {
            var (code, output, text) = await AgentJs.RunAsync("verify-certificates.mjs", file);
            Assert.That(code, Is.EqualTo(0), text);
            var agentJs = output!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => (Accepted: v!["accepted"]!.GetValue<bool>(), Error: v["error"]?.GetValue<string>()));
            var verifier = new CertificateVerifier(BlsVerifier.Instance, keys.RootKeyDer, new ServerClock(TimeProvider.System));
            Assert.Multiple(() =>
            {
                foreach (var c in cases)
                {
                    var ours = Accepts(verifier, c.Certificate, c.Canister);
                    var theirs = agentJs[c.Name];
                    TestContext.Progress.WriteLine($"{c.Name}: spec {(c.SpecValid ? "valid" : "invalid")}, ours {(ours ? "accepts" : "rejects")}, agent-js {(theirs.Accepted ? "accepts" : "rejects: " + theirs.Error)}");
                    Assert.That(ours, Is.EqualTo(c.SpecValid), $"{c.Name}: our client follows the spec");
                    if (!theirs.Accepted && ours)
                        Assert.That(IsKnownAgentJsShardBug(c.Name), Is.True, $"{c.Name}: agent-js rejects ({theirs.Error}) what our client accepts");
                }
                // The recorded difference: agent-js 6.1.0 sorts the shard labels ascending, then binary-searches for the first
                // label not above the canister id as if they were sorted descending, so it reads the wrong shard (the first,
                // or with three shards often the last) where the spec reads the greatest label not above the canister id:
                // valid delegations whose ranges are split over several /canister_ranges/<subnet>/<shard> leaves are refused.
                Assert.That(agentJs["delegated, 2 shards, canister in the first"].Accepted, Is.True, "agent-js reads a first shard");
                Assert.That(agentJs["delegated, 2 shards, the ledger in the second"].Accepted, Is.False,
                    "agent-js 6.1.0 picks the wrong shard; if this now passes, agent-js was fixed: drop the recorded difference");
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static bool IsKnownAgentJsShardBug(string name) => name.Contains(" shards, ", StringComparison.Ordinal) && !name.EndsWith("in the first", StringComparison.Ordinal);

    private static bool Accepts(CertificateVerifier verifier, byte[] certificate, Principal canister)
    {
        try
        {
            verifier.Verify(certificate, canister);
            return true;
        }
        catch (IcProtocolException)
        {
            return false;
        }
    }
}
