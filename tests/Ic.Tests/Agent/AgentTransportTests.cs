using System.Collections.Concurrent;
using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Candid;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Ic.Tests.Agent;

/// <summary>
/// The HTTP agent against an in-process replica on loopback that answers as the IC does, and misbehaves on
/// request: 202 then polling, 404 on v4, 429/503, hangs, lost replies, hostile bodies. Certificates are real
/// BLS12-381 (the replica's own root key).
/// </summary>
public class AgentTransportTests
{
    private static readonly Ed25519Identity Alice = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private TestReplica _replica = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task Start()
    {
        _replica = await TestReplica.StartAsync();
        _http = new HttpClient();
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _replica.DisposeAsync();
    }

    private ManagementCanisterClient Client(Func<IcAgentOptions, IcAgentOptions>? configure = null) => new(_replica.Agent(Alice, _http, configure));

    private static ProvisionalCreateCanisterWithCyclesArgs Create => new(Cycles.Parse("1T"));

    [Test]
    public async Task Accepted_then_polled_through_processing_to_the_reply()
    {
        _replica.AsyncCalls = true;
        _replica.ProcessingPolls = 3;
        var id = (await Client().ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(_replica.Ic.Snapshot().Canisters.Single().Id, Is.EqualTo(id));
        Assert.That(_replica.Count("read_state"), Is.EqualTo(4), "three polls saw processing, the fourth the reply");
    }

    [Test]
    public async Task A_404_on_v4_falls_back_to_the_v2_call_and_polling_and_later_calls_go_to_v2_at_once()
    {
        _replica.Override = async (route, _, context) =>
        {
            if (route != "v4 call") return false;
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("not found");
            return true;
        };
        var client = Client();
        var id = (await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(_replica.Ic.Snapshot().Canisters.Single().Id, Is.EqualTo(id));
        Assert.That((_replica.Count("v4 call"), _replica.Count("v2 call")), Is.EqualTo((1, 1)));
        Assert.That(_replica.Count("read_state"), Is.GreaterThanOrEqualTo(1));

        var second = (await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(_replica.Ic.Snapshot().Canisters.Select(canister => canister.Id), Does.Contain(second));
        Assert.That((_replica.Count("v4 call"), _replica.Count("v2 call")), Is.EqualTo((1, 2)), "the second call tried v4 again");
    }

    [Test]
    public async Task A_429_then_a_503_are_retried_with_the_same_signed_bytes()
    {
        var bodies = new ConcurrentBag<string>();
        _replica.Override = async (route, count, context) =>
        {
            if (route != "v4 call") return false;
            context.Request.EnableBuffering();
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            context.Request.Body.Position = 0;
            bodies.Add(Convert.ToHexString(copy.ToArray()));
            if (count > 2) return false;
            context.Response.StatusCode = count == 1 ? 429 : 503;
            return true;
        };
        await Client().ProvisionalCreateCanisterWithCyclesAsync(Create);
        Assert.That(bodies, Has.Count.EqualTo(3));
        Assert.That(bodies.Distinct().Count(), Is.EqualTo(1), "every retry sends the identical envelope (same request id)");
        Assert.That(_replica.Ic.Snapshot().Canisters, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_call_that_hangs_past_the_time_out_and_then_cannot_be_polled_is_an_unknown_outcome()
    {
        _replica.Override = async (_, _, context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return true;
        };
        var client = Client(o => o with { RequestTimeout = TimeSpan.FromMilliseconds(200), PollTimeout = TimeSpan.FromMilliseconds(600), MaxHttpRetries = 0 });
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => client.ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That(error.Method, Is.EqualTo("provisional_create_canister_with_cycles"));
        Assert.That(error.Reason, Does.Contain("no final status"));
        Assert.That(_replica.Count("read_state"), Is.GreaterThanOrEqualTo(1), "it polled before giving up");
    }

    [Test]
    public async Task A_lost_reply_is_recovered_by_polling_and_the_call_applied_once()
    {
        // The call runs, its answer is lost (the connection hangs past the time-out): polling finds the reply.
        _replica.Override = async (route, count, context) =>
        {
            if (route != "v4 call") return false;
            var original = context.Response.Body;
            context.Response.Body = new MemoryStream();
            await _replica.DefaultAsync(route, context);
            context.Response.Body = original;
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return true;
        };
        var client = Client(o => o with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxHttpRetries = 0 });
        var id = (await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(_replica.Ic.Snapshot().Canisters.Select(c => c.Id), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task A_503_then_a_lost_reply_then_a_lost_poll_still_end_in_the_reply_applied_once()
    {
        var bodies = new ConcurrentBag<string>();
        _replica.Override = async (route, count, context) =>
        {
            if (route == "v4 call")
            {
                context.Request.EnableBuffering();
                using var copy = new MemoryStream();
                await context.Request.Body.CopyToAsync(copy);
                context.Request.Body.Position = 0;
                bodies.Add(Convert.ToHexString(copy.ToArray()));
                if (count == 1) { context.Response.StatusCode = 503; return true; }
                await _replica.DefaultAsync(route, new DefaultHttpContext { Request = { Body = context.Request.Body, Path = context.Request.Path }, Response = { Body = new MemoryStream() } });
                context.Abort(); // ran, answer lost
                return true;
            }
            if (route == "read_state" && count == 1) { context.Abort(); return true; }
            return false;
        };
        var client = Client(o => o with { MaxHttpRetries = 1 });
        var id = (await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(_replica.Ic.Snapshot().Canisters.Select(c => c.Id), Is.EqualTo(new[] { id }), "applied once");
        Assert.That(bodies.Distinct().Count(), Is.EqualTo(1), "the retry resent the same signed bytes");
        Assert.That((_replica.Count("v4 call"), _replica.Count("read_state")), Is.EqualTo((2, 2)));
    }

    [Test]
    public async Task A_refused_expiry_then_a_lost_reply_end_in_the_reply_of_the_resent_call()
    {
        _replica.Override = async (route, count, context) =>
        {
            if (route != "v4 call" || count != 2) return false;
            await _replica.DefaultAsync(route, new DefaultHttpContext { Request = { Body = context.Request.Body, Path = context.Request.Path }, Response = { Body = new MemoryStream() } });
            context.Abort();
            return true;
        };
        var agent = _replica.Agent(Alice, _http, o => o with { MaxHttpRetries = 0 }, time: new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4)));
        var id = (await new ManagementCanisterClient(agent).ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(_replica.Ic.Snapshot().Canisters.Select(c => c.Id), Is.EqualTo(new[] { id }));
        Assert.That(_replica.Count("v4 call"), Is.EqualTo(2), "refused, then resent once; the lost reply was polled, not resent");
    }

    [Test]
    public async Task A_lost_reply_then_a_reject_on_the_next_call_are_told_apart()
    {
        var first = true;
        _replica.Override = async (route, _, context) =>
        {
            if (route != "v4 call" || !first) return false;
            first = false;
            await _replica.DefaultAsync(route, new DefaultHttpContext { Request = { Body = context.Request.Body, Path = context.Request.Path }, Response = { Body = new MemoryStream() } });
            context.Abort();
            return true;
        };
        var client = Client(o => o with { MaxHttpRetries = 0 });
        var id = (await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        var reject = Assert.ThrowsAsync<IcRejectException>(() => client.DeleteCanisterAsync(new CanisterIdRecord(id)))!;
        Assert.That(reject.ErrorCode, Is.EqualTo("IC0510"));
        Assert.That(reject.Certified, Is.True);
    }

    [Test]
    public async Task A_call_routed_by_another_canister_is_refused_before_processing()
    {
        var client = Client();
        var id = (await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        var agent = _replica.Agent(Alice, _http);
        var error = Assert.ThrowsAsync<IcHttpException>(() => agent.CallAsync(Principal.ManagementCanister, Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai"),
            "stop_canister", ManagementCandid.Encode(new CanisterIdRecord(id))))!;
        Assert.That(error.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadRequest));
        Assert.That((await client.CanisterStatusAsync(new CanisterIdRecord(id))).Status, Is.EqualTo(CanisterStatus.Running), "nothing ran");
    }

    [Test]
    public void A_certified_reject_carries_the_reject_and_error_codes()
    {
        var error = Assert.ThrowsAsync<IcRejectException>(() => Client().CanisterStatusAsync(new CanisterIdRecord(Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai"))))!;
        Assert.That((error.Code, error.ErrorCode, error.Certified, error.Method), Is.EqualTo((RejectCode.DestinationInvalid, "IC0301", true, "canister_status")));
    }

    [Test]
    public void A_non_replicated_rejection_is_a_reject_that_is_not_certified()
    {
        _replica.Override = async (route, _, context) =>
        {
            if (route != "v4 call") return false;
            await TestReplica.WriteCbor(context, 200, w =>
            {
                w.WriteStartMap(4);
                w.WriteTextString("status"); w.WriteTextString("non_replicated_rejection");
                w.WriteTextString("reject_code"); w.WriteUInt64(2);
                w.WriteTextString("reject_message"); w.WriteTextString("ingress queue full");
                w.WriteTextString("error_code"); w.WriteTextString("IC0204");
                w.WriteEndMap();
            });
            return true;
        };
        var error = Assert.ThrowsAsync<IcRejectException>(() => Client().ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That((error.Code, error.ErrorCode, error.Certified), Is.EqualTo((RejectCode.SysTransient, "IC0204", false)));
    }

    [TestCase("", TestName = "empty body")]
    [TestCase("d9d9f7a2", TestName = "truncated CBOR")]
    [TestCase("ffffffff", TestName = "not CBOR")]
    [TestCase("d9d9f7a16673746174757366726570", TestName = "truncated text")]
    [TestCase("d9d9f7a2667374617475736772657069656400", TestName = "unknown status")]
    [TestCase("d9d9f7a266737461747573677265706c6965646b63657274696669636174654100", TestName = "garbage certificate")]
    [TestCase("9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f", TestName = "deeply nested indefinite arrays")]
    public void Hostile_call_bodies_are_unknown_outcomes_with_a_typed_cause(string hex)
    {
        _replica.Override = async (route, _, context) =>
        {
            if (route != "v4 call") return false;
            context.Response.StatusCode = 200;
            await context.Response.Body.WriteAsync(Convert.FromHexString(hex));
            return true;
        };
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => Client().ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That(error.InnerException, Is.InstanceOf<IcProtocolException>(), error.Message);
    }

    [Test]
    public void A_certificate_signed_by_another_key_is_refused()
    {
        var stranger = Canic.Fsm.Ic.Bls.BlsSecretKey.FromSeed("another key that is nobody's root, 32+ bytes"u8);
        _replica.Override = async (route, _, context) =>
        {
            if (route != "v4 call") return false;
            var certificate = TreeBuilder.Signed(TreeBuilder.Build([TreeBuilder.Leaf(TreeBuilder.TimeLeaf(DateTimeOffset.UtcNow), "time")]), stranger);
            await TestReplica.WriteCbor(context, 200, w =>
            {
                w.WriteStartMap(2);
                w.WriteTextString("status"); w.WriteTextString("replied");
                w.WriteTextString("certificate"); w.WriteByteString(certificate);
                w.WriteEndMap();
            });
            return true;
        };
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => Client().ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That(((CertificateException)error.InnerException!).Failure, Is.EqualTo(CertificateFailure.InvalidSignature));
    }

    [Test]
    public void A_reply_that_is_not_candid_is_an_unknown_outcome()
    {
        _replica.Override = async (route, _, context) =>
        {
            if (route != "v4 call") return false;
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var content = (Dictionary<string, object>)CborValue.ReadMap(body.ToArray(), "envelope")["content"];
            var requestId = Canic.Fsm.Ic.Envelope.RequestContent.HashOfMap(content);
            var certificate = _replica.Certify([
                TreeBuilder.Leaf(TreeBuilder.L("replied"), "request_status", requestId, "status"),
                TreeBuilder.Leaf("DIDL\x01\x6d"u8.ToArray(), "request_status", requestId, "reply")]);
            await TestReplica.WriteCbor(context, 200, w =>
            {
                w.WriteStartMap(2);
                w.WriteTextString("status"); w.WriteTextString("replied");
                w.WriteTextString("certificate"); w.WriteByteString(certificate);
                w.WriteEndMap();
            });
            return true;
        };
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => Client().ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That(error.InnerException, Is.InstanceOf<CandidException>());
    }

    [Test]
    public async Task The_done_status_is_an_unknown_outcome()
    {
        _replica.AsyncCalls = true;
        _replica.Override = async (route, _, context) =>
        {
            if (route != "read_state") return false;
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var paths = (List<object>)((Dictionary<string, object>)CborValue.ReadMap(body.ToArray(), "envelope")["content"])["paths"];
            var requestId = (byte[])((List<object>)paths[0])[1];
            var certificate = _replica.Certify([TreeBuilder.Leaf(TreeBuilder.L("done"), "request_status", requestId, "status")]);
            await TestReplica.WriteCbor(context, 200, w => { w.WriteStartMap(1); w.WriteTextString("certificate"); w.WriteByteString(certificate); w.WriteEndMap(); });
            return true;
        };
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => Client().ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That(error.Reason, Does.Contain("done"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Polling_gives_up_after_the_poll_time_out_measured_on_the_agents_clock()
    {
        var time = new SleepSignallingTimeProvider(DateTimeOffset.UtcNow);
        await _replica.DisposeAsync();
        _replica = await TestReplica.StartAsync(time: time);
        _replica.AsyncCalls = true;
        _replica.ProcessingPolls = int.MaxValue;
        var agent = _replica.Agent(Alice, _http, o => o with { PollTimeout = TimeSpan.FromSeconds(10), PollInitialDelay = TimeSpan.FromMilliseconds(500), PollMaxDelay = TimeSpan.FromSeconds(1) }, time);
        var call = new ManagementCanisterClient(agent).ProvisionalCreateCanisterWithCyclesAsync(Create);
        while (!call.IsCompleted)
        {
            // Once the agent sleeps between polls, its clock moves past the longest backoff (1 s + 20 % jitter).
            if (await Task.WhenAny(time.Sleeping.WaitAsync(), call) == call) break;
            time.Advance(TimeSpan.FromMilliseconds(1300));
        }
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => call)!;
        Assert.That(error.Reason, Does.Contain("no final status after 10 s"));
        Assert.That(_replica.Count("read_state"), Is.InRange(8, 10), "one poll per 1.3 s of agent time for 10 s");
    }

    /// <summary>A fake clock that signals each time someone starts waiting on it (Task.Delay creates a timer).</summary>
    private sealed class SleepSignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public SemaphoreSlim Sleeping { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan) Sleeping.Release();
            return timer;
        }
    }

    [Test]
    public async Task An_expiry_the_replica_refuses_is_fixed_by_a_clock_re_sync()
    {
        // The agent's clock runs 4 minutes ahead: its first expiry is past the replica's 5.5-minute limit.
        var skewed = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4));
        var agent = _replica.Agent(Alice, _http, time: skewed);
        var id = (await new ManagementCanisterClient(agent).ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(_replica.Ic.Snapshot().Canisters.Single().Id, Is.EqualTo(id));
        Assert.That(agent.Verifier.Clock.Offset, Is.EqualTo(TimeSpan.FromMinutes(-4)).Within(TimeSpan.FromSeconds(5)));
        Assert.That(_replica.Count("v4 call"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_query_whose_expiry_the_replica_refuses_is_resent_after_a_clock_re_sync()
    {
        var account = new Account(Alice.Sender);
        _replica.Ic.Mint(account, Cycles.Parse("3T"));
        var agent = _replica.Agent(Alice, _http, time: new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4)));
        Assert.That(await new CyclesLedgerClient(agent, _replica.LedgerId).BalanceAsync(account), Is.EqualTo(Cycles.Parse("3T")));
        Assert.That(_replica.Count("query"), Is.EqualTo(2), "refused once, then answered");
        Assert.That(agent.Verifier.Clock.Offset, Is.EqualTo(TimeSpan.FromMinutes(-4)).Within(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task A_read_state_whose_expiry_the_replica_refuses_is_resent_after_a_clock_re_sync()
    {
        var id = (await Client().ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        var agent = _replica.Agent(Alice, _http, time: new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4)));
        var before = _replica.Count("read_state");
        Assert.That(await agent.ReadControllersAsync(id), Is.EqualTo(new[] { Alice.Sender }));
        Assert.That(_replica.Count("read_state") - before, Is.EqualTo(3), "refused, the anonymous /time, then answered");
    }

    [Test]
    public void When_the_re_sync_fails_the_refusal_stands_and_nothing_ran()
    {
        _replica.Override = async (route, _, context) =>
        {
            if (route != "read_state") return false;
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("read_state refused for this test");
            return true;
        };
        var agent = _replica.Agent(Alice, _http, time: new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4)));
        var error = Assert.ThrowsAsync<IcHttpException>(() => new ManagementCanisterClient(agent).ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That(error.IsInvalidExpiry, Is.True);
        Assert.That((_replica.Count("v4 call"), _replica.Count("read_state")), Is.EqualTo((1, 1)), "one call, one failed re-sync, no resend");
        Assert.That(_replica.Ic.Snapshot().Canisters, Is.Empty);
    }

    [Test]
    public async Task Module_hash_and_controllers_are_read_from_certified_state()
    {
        var agent = _replica.Agent(Alice, _http);
        var client = new ManagementCanisterClient(agent);
        var id = (await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        Assert.That(await agent.ReadModuleHashAsync(id), Is.Null);
        byte[] wasm = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
        await client.InstallCodeAsync(new InstallCodeArgs(new CanisterInstallMode.Install(), id, wasm));
        Assert.That(await agent.ReadModuleHashAsync(id), Is.EqualTo(System.Security.Cryptography.SHA256.HashData(wasm)));
        Assert.That(await agent.ReadControllersAsync(id), Is.EqualTo(new[] { Alice.Sender }));
    }

    [Test]
    public async Task A_balance_query_is_answered_with_a_verified_node_signature()
    {
        var account = new Account(Alice.Sender);
        _replica.Ic.Mint(account, Cycles.Parse("7T"));
        var ledger = new CyclesLedgerClient(_replica.Agent(Alice, _http), _replica.LedgerId);
        Assert.That(await ledger.BalanceAsync(account), Is.EqualTo(Cycles.Parse("7T")));
        Assert.That(_replica.Count("read_state"), Is.EqualTo(1), "the node keys were read once from /subnet");
        Assert.That(await ledger.BalanceAsync(account), Is.EqualTo(Cycles.Parse("7T")));
        Assert.That(_replica.Count("read_state"), Is.EqualTo(1), "and cached");
    }

    [TestCase(1)]
    [TestCase(256)]
    public async Task The_node_keys_are_cached_for_at_most_the_configured_number_of_canisters(int size)
    {
        var account = new Account(Alice.Sender);
        _replica.Ic.Mint(account, Cycles.Parse("7T"));
        var agent = _replica.Agent(Alice, _http, options => options with { NodeKeyCacheSize = size });
        var other = (await new ManagementCanisterClient(agent).ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
        var ledger = new CyclesLedgerClient(agent, _replica.LedgerId);
        await ledger.BalanceAsync(account);
        // A query to the other canister (a reject, signed by a node all the same) needs that canister's node keys.
        Assert.ThrowsAsync<IcRejectException>(() => agent.QueryAsync(other, other, "no_such_query", CandidEncoder.Encode()));
        Assert.That(agent.CachedNodeKeySets, Is.EqualTo(Math.Min(size, 2)));
        long before = _replica.Count("read_state");
        await ledger.BalanceAsync(account);
        Assert.That(_replica.Count("read_state") - before, Is.EqualTo(size == 1 ? 1 : 0), "the ledger's keys were dropped only when the cache was full");
    }

    [Test]
    public void A_node_key_cache_of_no_canister_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _replica.Agent(Alice, _http, options => options with { NodeKeyCacheSize = 0 }))!;
        Assert.That(error.Message, Does.Contain("NodeKeyCacheSize"));
    }

    [Test]
    public void A_query_signed_by_a_node_outside_the_subnet_is_refused_after_one_refetch_of_the_node_keys()
    {
        _replica.QuerySigner = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
        var ledger = new CyclesLedgerClient(_replica.Agent(Alice, _http), _replica.LedgerId);
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => ledger.BalanceAsync(new Account(Alice.Sender)))!;
        Assert.That(((CertificateException)error.InnerException!).Failure, Is.EqualTo(CertificateFailure.NodeNotInSubnet));
        Assert.That(_replica.Count("read_state"), Is.EqualTo(2), "the node keys were fetched, then refetched once");
    }

    [Test]
    public void A_query_reject_is_signed_by_the_node_and_carries_its_codes_uncertified()
    {
        var agent = _replica.Agent(Alice, _http);
        var reject = Assert.ThrowsAsync<IcRejectException>(() => agent.QueryAsync(_replica.LedgerId, _replica.LedgerId, "no_such_query", CandidEncoder.Encode()))!;
        Assert.That((reject.Code, reject.ErrorCode, reject.Certified), Is.EqualTo((RejectCode.DestinationInvalid, "IC0302", false)));
        Assert.That(_replica.Count("read_state"), Is.EqualTo(1), "the reject's signature was checked against the node keys");
    }

    [Test]
    public void A_query_reply_with_a_tampered_signature_is_refused()
    {
        _replica.Override = async (route, _, context) =>
        {
            if (route != "query") return false;
            var original = context.Response.Body;
            var buffer = new MemoryStream();
            context.Response.Body = buffer;
            await _replica.DefaultAsync(route, context);
            var bytes = buffer.ToArray();
            // The reply's balance (the last Candid byte before the signatures) is changed: the node signature no longer matches.
            var arg = "DIDL"u8.ToArray();
            var index = bytes.AsSpan().IndexOf(arg) + 6;
            bytes[index] ^= 0x01;
            context.Response.Body = original;
            await original.WriteAsync(bytes);
            return true;
        };
        _replica.Ic.Mint(new Account(Alice.Sender), Cycles.Parse("7T"));
        var ledger = new CyclesLedgerClient(_replica.Agent(Alice, _http), _replica.LedgerId);
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => ledger.BalanceAsync(new Account(Alice.Sender)))!;
        Assert.That(((CertificateException)error.InnerException!).Failure, Is.EqualTo(CertificateFailure.InvalidSignature));
    }

    [Test]
    public async Task A_local_agent_takes_the_status_root_key_and_a_mainnet_agent_never_asks()
    {
        var local = await IcAgent.CreateAsync(_http, Alice, new IcAgentOptions { BaseAddress = _replica.BaseAddress, Network = IcNetwork.Local });
        Assert.That(local.Verifier.RootKeyDer, Is.EqualTo(_replica.RootKeyDer));
        Assert.That(_replica.Count("status"), Is.EqualTo(1));

        var mainnet = await IcAgent.CreateAsync(_http, Alice, new IcAgentOptions { BaseAddress = _replica.BaseAddress, MaxHttpRetries = 0 });
        Assert.That(_replica.Count("status"), Is.EqualTo(1), "mainnet never fetches a root key");
        var error = Assert.ThrowsAsync<IcUnknownOutcomeException>(() => new ManagementCanisterClient(mainnet).ProvisionalCreateCanisterWithCyclesAsync(Create))!;
        Assert.That(((CertificateException)error.InnerException!).Failure, Is.EqualTo(CertificateFailure.InvalidSignature), "the replica's certificates do not verify under the mainnet key");
    }

    [Test]
    public void The_defaults_follow_the_reference_agents()
    {
        var options = new IcAgentOptions { BaseAddress = new Uri("https://icp-api.io") };
        Assert.That((options.PollInitialDelay, options.PollMaxDelay, options.PollTimeout, options.Network, options.VerifyQuerySignatures),
            Is.EqualTo((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), IcNetwork.Mainnet, true)));
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), new Random(3));
        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalMilliseconds).ToArray();
        Assert.That(delays[0], Is.InRange(400, 600));
        Assert.That(delays[1], Is.InRange(560, 840));
        Assert.That(delays[5], Is.InRange(800, 1200));
        Assert.That(delays.Distinct().Count(), Is.EqualTo(6), "jittered");
    }
}
