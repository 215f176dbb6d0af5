using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Ic.Tests.Envelope;

/// <summary>Request ids and the signed CBOR envelope, byte-exact against agent-js.</summary>
public class EnvelopeTests
{
    private const ulong Expiry = 1685570400000000000;
    private static readonly byte[] Nonce = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    private static Ed25519Identity Ed25519 => Ed25519Identity.FromSeed(Vectors.AgentJsHex("ed25519.seed"));

    private static RequestContent CreateCall(Principal sender, byte[]? nonce, string method = "create_canister", string argVector = "create_canister_args MINIMAL type") =>
        RequestContent.Call(Principal.ManagementCanister, method, Vectors.AgentJsHex(argVector), sender, Expiry, nonce);

    [Test]
    public void The_spec_example_request_id()
    {
        var content = new List<KeyValuePair<string, object>>
        {
            new("request_type", "call"),
            new("sender", new byte[] { 0x04 }),
            new("ingress_expiry", Expiry),
            new("canister_id", Convert.FromHexString("00000000000004D2")),
            new("method_name", "hello"),
            new("arg", new byte[] { 0x44, 0x49, 0x44, 0x4c, 0x00, 0xfd, 0x2a }),
        };
        Assert.That(Convert.ToHexStringLower(RequestContent.HashOfMap(content)), Is.EqualTo("1d1091364d6bb8a6c16b203ee75467d59ead468f523eb058880ae8ec80e2b101"));
    }

    [Test]
    public void Call_request_ids_match_agent_js()
    {
        var sender = Ed25519.Sender;
        Assert.Multiple(() =>
        {
            Assert.That(Hex(CreateCall(sender, Nonce).RequestId()), Is.EqualTo(Vectors.AgentJs("request_id:")));
            Assert.That(Hex(CreateCall(sender, null).RequestId()), Is.EqualTo(Vectors.AgentJs("request_id without nonce")));
            Assert.That(Hex(CreateCall(Principal.Anonymous, Nonce).RequestId()), Is.EqualTo(Vectors.AgentJs("request_id with sender=anonymous")));
            Assert.That(Hex(CreateCall(sender, Nonce, "provisional_create_canister_with_cycles", "provisional_create_canister_with_cycles_args MINIMAL").RequestId()),
                Is.EqualTo(Vectors.AgentJs("call provisional_create_canister_with_cycles")));
            Assert.That(Hex(CreateCall(sender, Nonce, "install_code", "install_code_args MINIMAL-1").RequestId()),
                Is.EqualTo(Vectors.AgentJs("call install_code")));
        });
    }

    [Test]
    public void Read_state_request_ids_match_agent_js()
    {
        var createId = CreateCall(Ed25519.Sender, Nonce).RequestId();
        var status = RequestContent.ReadState([[ "request_status"u8.ToArray(), createId ]], Ed25519.Sender, Expiry);
        Assert.That(Hex(status.RequestId()), Is.EqualTo(Vectors.AgentJs("read_state paths=[[\"request_status\"")));
        var time = RequestContent.ReadState([["time"u8.ToArray()]], Principal.Anonymous, Expiry);
        Assert.That(Hex(time.RequestId()), Is.EqualTo(Vectors.AgentJs("read_state paths=[[\"time\"]]")));
    }

    [Test]
    public void The_signed_envelope_is_byte_exact()
    {
        var signed = SignedRequest.Create(CreateCall(Ed25519.Sender, Nonce), Ed25519);
        Assert.That(Hex(signed.Body), Is.EqualTo(Vectors.AgentJs("CBOR envelope")));
        Assert.That(Hex(signed.Body), Is.EqualTo(Hex(Vectors.HexFile("envelope_create_ed25519.cbor.hex"))));
    }

    [Test]
    public void The_secp256k1_call_signature_is_byte_exact()
    {
        var identity = Secp256k1Identity.FromSecretKey(Vectors.AgentJsHex("secp256k1.secret"));
        var content = CreateCall(identity.Sender, Nonce);
        Assert.That(Hex(content.RequestId()), Is.EqualTo(Vectors.AgentJs("secp256k1 create call")));
        Assert.That(Hex(identity.Sign([.. SignedRequest.RequestDomain, .. content.RequestId()])), Is.EqualTo(Vectors.AgentJs("secp256k1 sender_sig")));
    }

    [Test]
    public void An_anonymous_envelope_has_no_key_and_no_signature()
    {
        var signed = SignedRequest.Create(CreateCall(Principal.Anonymous, null), AnonymousIdentity.Instance);
        var reader = new System.Formats.Cbor.CborReader(signed.Body);
        Assert.That(reader.ReadTag(), Is.EqualTo((System.Formats.Cbor.CborTag)55799));
        Assert.That(reader.ReadStartMap(), Is.EqualTo(1));
    }

    [Test]
    public void A_request_for_another_sender_is_not_signed()
    {
        // The vectors are read outside the asserted calls: where they are absent the test is ignored, not failed.
        RequestContent anonymousCall = CreateCall(Principal.Anonymous, Nonce);
        Ed25519Identity identity = Ed25519;
        byte[] arg = Vectors.AgentJsHex("create_canister_args MINIMAL type");
        Assert.Throws<ArgumentException>(() => SignedRequest.Create(anonymousCall, identity));
        Assert.Throws<ArgumentException>(() => RequestContent.Call(Principal.ManagementCanister, "create_canister", arg, identity.Sender, Expiry, []));
    }

    [Test]
    public void Ingress_expiry_follows_the_server_clock_within_its_bound()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new ServerClock(time);
        var local = IcTime.ToNanoseconds(time.GetUtcNow());
        Assert.That(clock.IngressExpiry(TimeSpan.FromMinutes(4)), Is.EqualTo(local + 240_000_000_000UL));
        Assert.That(clock.Observe(time.GetUtcNow() + TimeSpan.FromSeconds(90)), Is.True);
        Assert.That(clock.IngressExpiry(TimeSpan.FromMinutes(4)), Is.EqualTo(local + 330_000_000_000UL));
        Assert.That(clock.Observe(time.GetUtcNow() - TimeSpan.FromHours(2)), Is.False, "a skew beyond the bound is not learnt");
        Assert.That(clock.Offset, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
