using System.Formats.Cbor;
using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Ic.Replica;

/// <summary>
/// Signs certificates as the IC does: a hash tree of the requested leaves plus <c>/time</c>, its root hash signed
/// (BLS12-381, domain <c>ic-state-root</c>) by the root key, or, with a delegation, by the subnet key with the
/// root-signed delegation attached (<c>/subnet/&lt;id&gt;/public_key</c> and the subnet's canister ranges in both
/// layouts), so that a client walks the same path as on mainnet.
/// </summary>
internal sealed class Certifier
{
    private static readonly TimeSpan DelegationRefresh = TimeSpan.FromHours(1);
    private readonly ReplicaKeys _keys;
    private readonly SubnetLayout _layout;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (byte[] Certificate, DateTimeOffset At)? _delegation;

    public Certifier(ReplicaKeys keys, SubnetLayout layout, bool delegated, TimeProvider time)
    {
        _keys = keys;
        _layout = layout;
        _time = time;
        Delegated = delegated;
        SubnetId = SelfAuthenticating.PrincipalOf(delegated ? keys.SubnetKeyDer : keys.RootKeyDer);
    }

    /// <summary>Whether certificates carry a delegation to the subnet key.</summary>
    public bool Delegated { get; }

    /// <summary>The subnet answering: the delegated subnet, or without delegation the root subnet (self-authenticating id of the root key).</summary>
    public Principal SubnetId { get; }

    /// <summary>The key the answering subnet signs with (DER).</summary>
    public byte[] SubnetKeyDer => Delegated ? _keys.SubnetKeyDer : _keys.RootKeyDer;

    /// <summary>A certificate of <paramref name="leaves"/> and the current <c>/time</c>.</summary>
    /// <param name="leaves">The state to certify.</param>
    /// <param name="corrupt">Flip a bit of the signature, as a faulty or malicious node would answer.</param>
    public byte[] Certify(IEnumerable<StateLeaf> leaves, bool corrupt = false)
    {
        var tree = StateTree.Build(leaves.Prepend(StateLeaf.At(StateTree.Nat(IcTime.ToNanoseconds(_time.GetUtcNow())), "time")));
        var signature = Sign(tree, Delegated ? _keys.Subnet : _keys.Root);
        if (corrupt) signature[^1] ^= 0x01;
        return Encode(tree, signature, Delegated ? Delegation() : null);
    }

    /// <summary>
    /// One certificate per request of a round, all of one tree (the round's request statuses and <c>/time</c>) under
    /// one signature, each pruned to its own request's status and <c>/time</c>. A request named twice is certified
    /// once (its final status does not change).
    /// </summary>
    /// <param name="replies">The request ids and the leaves of their final status.</param>
    public IReadOnlyList<byte[]> CertifyRound(IReadOnlyList<(byte[] RequestId, IReadOnlyList<StateLeaf> Leaves)> replies)
    {
        var leaves = replies.DistinctBy(r => Convert.ToHexString(r.RequestId)).SelectMany(r => r.Leaves)
            .Prepend(StateLeaf.At(StateTree.Nat(IcTime.ToNanoseconds(_time.GetUtcNow())), "time"));
        var tree = StateTree.Build(leaves);
        var signature = Sign(tree, Delegated ? _keys.Subnet : _keys.Root);
        var delegation = Delegated ? Delegation() : null;
        return [.. replies.Select(r => Encode(StateTree.Prune(tree, [[TimeLabel], [RequestStatusLabel, r.RequestId]]), signature, delegation))];
    }

    private static readonly byte[] TimeLabel = "time"u8.ToArray();
    private static readonly byte[] RequestStatusLabel = "request_status"u8.ToArray();

    /// <summary>
    /// The leaves of <c>/subnet</c> for this subnet: its key and its node's key and, without a delegation (where the
    /// root subnet answers itself), its canister ranges, which a client checks the effective canister id against.
    /// </summary>
    public IEnumerable<StateLeaf> SubnetLeaves()
    {
        yield return StateLeaf.At(SubnetKeyDer, "subnet", SubnetId, "public_key");
        yield return StateLeaf.At([.. Ed25519Identity.DerPrefix, .. _keys.Node.RawPublicKey], "subnet", SubnetId, "node", _keys.Node.Sender, "public_key");
        if (!Delegated) yield return StateLeaf.At(StateTree.Ranges(_layout.Ranges), "subnet", SubnetId, "canister_ranges");
    }

    private byte[] Delegation()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_delegation is { } cached && now - cached.At < DelegationRefresh && cached.At <= now) return cached.Certificate;
            var leaves = new List<StateLeaf>
            {
                StateLeaf.At(StateTree.Nat(IcTime.ToNanoseconds(now)), "time"),
                StateLeaf.At(_keys.SubnetKeyDer, "subnet", SubnetId, "public_key"),
                StateLeaf.At(StateTree.Ranges(_layout.Ranges), "subnet", SubnetId, "canister_ranges"),
            };
            leaves.AddRange(_layout.Shards.Select(shard => StateLeaf.At(StateTree.Ranges(shard), "canister_ranges", SubnetId, shard[0].Low)));
            var tree = StateTree.Build(leaves);
            var certificate = Encode(tree, Sign(tree, _keys.Root), null);
            _delegation = (certificate, now);
            return certificate;
        }
    }

    private static byte[] Sign(HashTree tree, BlsSecretKey key) => key.Sign([.. "\x0Dic-state-root"u8, .. tree.Digest()]).ToBytes();

    private byte[] Encode(HashTree tree, byte[] signature, byte[]? delegation)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)55799);
        writer.WriteStartMap(delegation is null ? 2 : 3);
        writer.WriteTextString("tree");
        tree.Write(writer);
        writer.WriteTextString("signature");
        writer.WriteByteString(signature);
        if (delegation is not null)
        {
            writer.WriteTextString("delegation");
            writer.WriteStartMap(2);
            writer.WriteTextString("subnet_id");
            writer.WriteByteString(SubnetId.Bytes.ToArray());
            writer.WriteTextString("certificate");
            writer.WriteByteString(delegation);
            writer.WriteEndMap();
        }
        writer.WriteEndMap();
        return writer.Encode();
    }
}
