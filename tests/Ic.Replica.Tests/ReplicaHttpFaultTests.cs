using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Replica.Faults;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Replica.Tests;

/// <summary>
/// The replica's HTTP-layer faults as our client meets them: a 5xx or 429 is retried with the same signed bytes and the
/// call applies once; a connection dropped after the call applied is recovered by polling; one dropped before it applied
/// leaves the outcome open and nothing applied; a slow call answers 202 and polling finds the reply; a tampered
/// certificate is an unknown outcome although the call applied; and faults in sequence compound without losing a call.
/// </summary>
public sealed class ReplicaHttpFaultTests
{
    private static readonly Ed25519Identity Alice = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly ProvisionalCreateCanisterWithCyclesArgs Create = new(Cycles.Parse("1T"));
    private const IcMethod Creation = IcMethod.ProvisionalCreateCanisterWithCycles;
    private ReplicaServer _replica = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task Start()
    {
        _replica = await Replicas.StartAsync(syncCallWait: TimeSpan.FromMilliseconds(200));
        _http = new HttpClient();
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await Replicas.StopAsync(_replica);
    }

    private async Task<ManagementCanisterClient> ClientAsync(TimeSpan? pollTimeout = null) =>
        new(await Replicas.AgentAsync(_replica, Alice, _http, pollTimeout), _replica.Layout.DefaultEffectiveCanisterId);

    private int Canisters => _replica.Ic.Snapshot().Canisters.Count;

    [Test]
    public async Task A_5xx_then_a_429_are_retried_with_the_same_bytes_and_the_call_applies_once()
    {
        _replica.Faults = HttpFaultPlan.None.On(Creation, 1, new HttpFault.ServerError(503)).On(Creation, 2, new HttpFault.TooManyRequests());
        var client = await ClientAsync();

        var created = await client.ProvisionalCreateCanisterWithCyclesAsync(Create);

        Assert.That(_replica.Count("v4 call"), Is.EqualTo(3));
        Assert.That(_replica.Ic.CallCount(Creation), Is.EqualTo(1), "executed once");
        Assert.That(_replica.Ic.Canister(created.CanisterId), Is.Not.Null);
    }

    [Test]
    public async Task A_connection_dropped_after_the_call_applied_is_recovered_by_polling()
    {
        _replica.Faults = HttpFaultPlan.None.On(Creation, 1, new HttpFault.DropAfterApply());
        var client = await ClientAsync();

        var created = await client.ProvisionalCreateCanisterWithCyclesAsync(Create);

        Assert.That(Canisters, Is.EqualTo(1));
        Assert.That(_replica.Ic.Canister(created.CanisterId), Is.Not.Null, "the reply polled is the canister created");
        Assert.That(_replica.Count("read_state"), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_connection_dropped_before_the_call_applied_leaves_the_outcome_open_and_nothing_applied()
    {
        _replica.Faults = HttpFaultPlan.None.On(Creation, 1, new HttpFault.DropBeforeApply());
        var client = await ClientAsync(pollTimeout: TimeSpan.FromMilliseconds(500));

        Assert.That(async () => await client.ProvisionalCreateCanisterWithCyclesAsync(Create), Throws.InstanceOf<IcUnknownOutcomeException>());
        Assert.That(Canisters, Is.Zero);
    }

    [Test]
    public async Task A_slow_call_answers_202_and_polling_finds_the_reply()
    {
        _replica.Faults = HttpFaultPlan.None.On(Creation, 1, new HttpFault.Slow(TimeSpan.FromSeconds(1)));
        var client = await ClientAsync();

        var created = await client.ProvisionalCreateCanisterWithCyclesAsync(Create);

        Assert.That(_replica.Ic.Canister(created.CanisterId), Is.Not.Null);
        Assert.That(_replica.Count("read_state"), Is.GreaterThan(0), "polled");
    }

    [Test]
    public async Task A_tampered_certificate_is_an_unknown_outcome_though_the_call_applied()
    {
        _replica.Faults = HttpFaultPlan.None.On(Creation, 1, new HttpFault.Corrupt());
        var client = await ClientAsync();

        Assert.That(async () => await client.ProvisionalCreateCanisterWithCyclesAsync(Create), Throws.InstanceOf<IcUnknownOutcomeException>());
        Assert.That(Canisters, Is.EqualTo(1), "a refused answer proves nothing about the effect");
    }

    [Test]
    public async Task A_lost_reply_then_a_reject_of_the_retry_leaves_exactly_the_first_effect()
    {
        // The first send applies and its connection drops; polling recovers it. The caller's next, new request is rejected
        // without effect: the reject speaks for that request only, and the first canister stays.
        _replica.Faults = HttpFaultPlan.None.On(Creation, 1, new HttpFault.DropAfterApply()).On(Creation, 2, new HttpFault.Reject());
        var client = await ClientAsync();

        var first = await client.ProvisionalCreateCanisterWithCyclesAsync(Create);
        var reject = Assert.ThrowsAsync<IcRejectException>(() => client.ProvisionalCreateCanisterWithCyclesAsync(Create));

        Assert.That(reject!.Code, Is.EqualTo(RejectCode.SysTransient));
        Assert.That(reject.Certified, Is.True);
        Assert.That(_replica.Ic.Snapshot().Canisters.Select(c => c.Id), Is.EqualTo(new[] { first.CanisterId }));
    }

    [Test]
    public async Task Under_random_faults_every_call_either_returns_what_applied_or_is_open_and_nothing_is_lost()
    {
        _replica.Faults = HttpFaultPlan.Random(11, new HttpFaultProfile
        {
            ServerError = 0.1, TooManyRequests = 0.1, DropBeforeApply = 0.1, DropAfterApply = 0.1, Slow = 0.1, SlowDelay = TimeSpan.FromMilliseconds(400),
        });
        var client = await ClientAsync(pollTimeout: TimeSpan.FromSeconds(2));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            try
            {
                return (Principal?)(await client.ProvisionalCreateCanisterWithCyclesAsync(Create)).CanisterId;
            }
            catch (IcUnknownOutcomeException)
            {
                return null;
            }
        }));

        var returned = outcomes.OfType<Principal>().ToList();
        var existing = _replica.Ic.Snapshot().Canisters.Select(c => c.Id).ToHashSet();
        Assert.That(returned, Is.Unique);
        Assert.That(existing.IsSupersetOf(returned), Is.True, "every returned canister exists");
        Assert.That(existing.Count - returned.Count, Is.LessThanOrEqualTo(outcomes.Count(o => o is null)), "an unreturned canister is only one whose outcome was left open");
        Assert.That(returned, Is.Not.Empty);
    }
}
