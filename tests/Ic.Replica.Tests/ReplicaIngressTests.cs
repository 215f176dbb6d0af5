using System.Net;
using System.Net.Http.Headers;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Ic.Replica.Tests;

/// <summary>
/// What the replica checks before it runs anything, as the IC does: the sender's signature in each scheme the IC accepts,
/// that the key is the sender's, the ingress expiry, that only the sender reads its request status (at its effective
/// canister id), and the effective canister id rules. A refused request changes nothing.
/// </summary>
public sealed class ReplicaIngressTests
{
    private static readonly Ed25519Identity Alice = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly Ed25519Identity Bob = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)0xB0, 32).ToArray());
    private ReplicaServer _replica = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task Start()
    {
        _replica = await Replicas.StartAsync();
        _http = new HttpClient { BaseAddress = _replica.BaseAddress };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await Replicas.StopAsync(_replica);
    }

    private static IEnumerable<TestCaseData> Schemes()
    {
        yield return new TestCaseData((IIdentity)Secp256k1Identity.FromSecretKey(Enumerable.Repeat((byte)1, 32).ToArray())).SetArgDisplayNames("secp256k1");
        yield return new TestCaseData((IIdentity)P256Identity.FromPrivateKey(Enumerable.Repeat((byte)2, 32).ToArray())).SetArgDisplayNames("P-256");
        yield return new TestCaseData((IIdentity)Alice).SetArgDisplayNames("Ed25519");
    }

    [TestCaseSource(nameof(Schemes))]
    public async Task A_sender_of_each_scheme_creates_and_controls_a_canister(IIdentity identity)
    {
        var management = new ManagementCanisterClient(await Replicas.AgentAsync(_replica, identity, _http), _replica.Layout.DefaultEffectiveCanisterId);

        var id = (await management.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("1T")))).CanisterId;

        var status = await management.CanisterStatusAsync(new CanisterIdRecord(id));
        Assert.That(status.Settings.Controllers, Is.EqualTo(new[] { identity.Sender }));
    }

    private Task<HttpResponseMessage> PostAsync(string path, SignedRequest request) => PostAsync(path, request.Body);

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cbor");
        return await _http.PostAsync(path, content);
    }

    private static SignedRequest Create(IIdentity identity, TimeSpan? expiresIn = null) =>
        SignedRequest.Create(RequestContent.Call(Principal.ManagementCanister, "provisional_create_canister_with_cycles",
            ManagementCandid.Encode(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("1T"))), identity.Sender,
            IcTime.ToNanoseconds(DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromMinutes(4))), [1, 2, 3]), identity);

    private string CallPath => $"api/v4/canister/{_replica.Layout.DefaultEffectiveCanisterId}/call";

    [Test]
    public async Task A_signature_that_does_not_verify_is_403_and_nothing_runs()
    {
        using var response = await PostAsync(CallPath, Create(new Forger(Alice, flipSignature: true)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Invalid signature"));
        Assert.That(_replica.Ic.Snapshot().Canisters, Is.Empty);
    }

    [Test]
    public async Task A_key_that_is_not_the_senders_is_403()
    {
        using var response = await PostAsync(CallPath, Create(new Forger(Bob, flipSignature: false, claimedSender: Alice.Sender)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"The sender {Alice.Sender} is not the principal of sender_pubkey"));
        Assert.That(_replica.Ic.Snapshot().Canisters, Is.Empty);
    }

    [TestCase(6)]
    [TestCase(-1)]
    public async Task An_expiry_outside_now_to_five_and_a_half_minutes_is_refused_as_the_IC_words_it(int minutes)
    {
        using var response = await PostAsync(CallPath, Create(Alice, TimeSpan.FromMinutes(minutes)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Invalid request expiry"));
        Assert.That(_replica.Ic.Snapshot().Canisters, Is.Empty);
    }

    [Test]
    public async Task Only_the_sender_reads_its_request_status_and_only_at_its_effective_canister_id()
    {
        var call = Create(Alice);
        using (var accepted = await PostAsync($"api/v2/canister/{_replica.Layout.DefaultEffectiveCanisterId}/call", call))
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        byte[][] path = ["request_status"u8.ToArray(), call.RequestId];
        SignedRequest Read(IIdentity who) => SignedRequest.Create(RequestContent.ReadState([path], who.Sender, IcTime.ToNanoseconds(DateTimeOffset.UtcNow.AddMinutes(4))), who);
        var readPath = $"api/v3/canister/{_replica.Layout.DefaultEffectiveCanisterId}/read_state";

        using var bob = await PostAsync(readPath, Read(Bob));
        using var anonymous = await PostAsync(readPath, Read(AnonymousIdentity.Instance));
        using var elsewhere = await PostAsync($"api/v3/canister/{CanisterIdRange.CanisterId(5)}/read_state", Read(Alice));
        await Eventually(() => _replica.Ic.Snapshot().Canisters.Count == 1);
        using var alice = await PostAsync(readPath, Read(Alice));

        Assert.That(bob.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), await bob.Content.ReadAsStringAsync());
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await elsewhere.Content.ReadAsStringAsync());
        Assert.That(alice.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_effective_canister_id_must_be_the_named_canister_and_in_the_subnet()
    {
        var management = new ManagementCanisterClient(await Replicas.AgentAsync(_replica, Alice, _http), _replica.Layout.DefaultEffectiveCanisterId);
        var id = (await management.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(Cycles.Parse("1T")))).CanisterId;
        SignedRequest Status() => SignedRequest.Create(RequestContent.Call(Principal.ManagementCanister, "canister_status",
            ManagementCandid.Encode(new CanisterIdRecord(id)), Alice.Sender, IcTime.ToNanoseconds(DateTimeOffset.UtcNow.AddMinutes(4)), [9]), Alice);

        using var wrong = await PostAsync($"api/v4/canister/{CanisterIdRange.CanisterId(7)}/call", Status());
        using var outside = await PostAsync($"api/v4/canister/{CanisterIdRange.CanisterId(1UL << 30)}/call", Create(Alice));

        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain($"does not match the canister_id {id}"));
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await outside.Content.ReadAsStringAsync(), Does.Contain("does not belong to this subnet"));
        Assert.That(_replica.Ic.Snapshot().Canisters, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Bodies_that_are_not_envelopes_are_400_and_oversized_ones_413()
    {
        using var garbage = await PostAsync(CallPath, [0xff, 0x00, 0x13]);
        using var huge = await PostAsync(CallPath, new byte[_replica.Options.MaxRequestBytes + 1]);

        Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(huge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public void Keys_survive_a_restart_through_their_file_and_a_damaged_file_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"canic-replica-{Guid.NewGuid():N}.key");
        try
        {
            var first = ReplicaKeys.LoadOrCreate(path);
            var second = ReplicaKeys.LoadOrCreate(path);
            Assert.That(second.RootKeyDer, Is.EqualTo(first.RootKeyDer));
            File.WriteAllText(path, "not hex");
            Assert.That(() => ReplicaKeys.LoadOrCreate(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(10, deadline.Token);
    }

    /// <summary>Signs with <paramref name="inner"/>'s key, optionally corrupting the signature or claiming another sender.</summary>
    private sealed class Forger(IIdentity inner, bool flipSignature, Principal? claimedSender = null) : IIdentity
    {
        public Principal Sender => claimedSender ?? inner.Sender;

        public byte[]? PublicKeyDer => inner.PublicKeyDer;

        public byte[] Sign(ReadOnlySpan<byte> message)
        {
            var signature = inner.Sign(message);
            if (flipSignature) signature[0] ^= 0x01;
            return signature;
        }
    }
}
