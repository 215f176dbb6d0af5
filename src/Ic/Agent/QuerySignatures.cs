using System.Collections.Concurrent;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Ic.Agent;

/// <summary>
/// Checks the node signatures of query replies: each signature must come from a node of the subnet that hosts
/// the effective canister (node keys read from a verified <c>/subnet</c> certificate, cached per canister up to
/// <see cref="IcAgentOptions.NodeKeyCacheSize"/> canisters and refetched once for an unknown node), carry a fresh
/// timestamp, and verify (Ed25519) over
/// <c>"\x0Bic-response" ‖ hash_of_map(reply)</c>.
/// </summary>
internal sealed class QuerySignatures(IcAgent agent)
{
    private static readonly byte[] ResponseDomain = "\x0Bic-response"u8.ToArray();
    private readonly ConcurrentDictionary<Principal, IReadOnlyDictionary<Principal, byte[]>> _nodeKeys = new();

    /// <summary>How many effective canisters' node keys are cached now.</summary>
    internal int CachedCanisters => _nodeKeys.Count;

    public async Task VerifyAsync(Principal ecid, byte[] requestId, Dictionary<string, object> reply, string status, CancellationToken cancellationToken)
    {
        var signatures = CborValue.Find<List<object>>(reply, "signatures");
        if (signatures is null || signatures.Count == 0) throw new IcProtocolException("The query reply carries no node signature.");
        var keys = await KeysAsync(ecid, refresh: false, cancellationToken).ConfigureAwait(false);
        if (signatures.Count > keys.Count) throw new IcProtocolException($"The query reply carries {signatures.Count} signatures for {keys.Count} nodes.");
        foreach (var item in signatures)
        {
            var signature = item as Dictionary<string, object> ?? throw new IcProtocolException("A query signature is not a map.");
            var node = Principal.FromBytes(CheckedLength(CborValue.Get<byte[]>(signature, "identity", "query signature")));
            var timestamp = CborValue.Get<ulong>(signature, "timestamp", "query signature");
            var bytes = CborValue.Get<byte[]>(signature, "signature", "query signature");
            if (!keys.TryGetValue(node, out var key))
            {
                keys = await KeysAsync(ecid, refresh: true, cancellationToken).ConfigureAwait(false);
                if (!keys.TryGetValue(node, out key))
                    throw new CertificateException(CertificateFailure.NodeNotInSubnet, $"node {node} is not a node of the subnet of {ecid}");
            }
            var skew = IcTime.FromNanoseconds(timestamp) - agent.Verifier.Clock.Now;
            if (skew.Duration() > agent.Options.Certificates.MaxCertificateSkew)
                throw new CertificateException(CertificateFailure.Stale, $"the query signature of node {node} is {skew.TotalSeconds:F0} s from the clock");
            var signed = RequestContent.HashOfMap(SignedFields(reply, status, timestamp, requestId));
            if (!Ed25519Identity.Verify(key, [.. ResponseDomain, .. signed], bytes))
                throw new CertificateException(CertificateFailure.InvalidSignature, $"the query signature of node {node} does not verify");
        }
    }

    private static byte[] CheckedLength(byte[] principal) => principal.Length <= Principal.MaxLength
        ? principal
        : throw new IcProtocolException("A node id is longer than a principal.");

    private static List<KeyValuePair<string, object>> SignedFields(Dictionary<string, object> reply, string status, ulong timestamp, byte[] requestId)
    {
        var fields = new List<KeyValuePair<string, object>> { new("status", status), new("timestamp", timestamp), new("request_id", requestId) };
        if (status == "replied")
        {
            var arg = CborValue.Get<byte[]>(CborValue.Get<Dictionary<string, object>>(reply, "reply", "query response"), "arg", "query reply");
            fields.Add(new("reply", new List<KeyValuePair<string, object>> { new("arg", arg) }));
        }
        else
        {
            fields.Add(new("reject_code", CborValue.Get<ulong>(reply, "reject_code", "query reject")));
            fields.Add(new("reject_message", CborValue.Find<string>(reply, "reject_message") ?? ""));
            if (CborValue.Find<string>(reply, "error_code") is { } errorCode) fields.Add(new("error_code", errorCode));
        }
        return fields;
    }

    private async Task<IReadOnlyDictionary<Principal, byte[]>> KeysAsync(Principal ecid, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && _nodeKeys.TryGetValue(ecid, out var cached)) return cached;
        var certificate = await agent.ReadStateAsync(ecid, [["subnet"u8.ToArray()]], cancellationToken).ConfigureAwait(false);
        var subnet = certificate.SubnetId ?? SelfAuthenticating.PrincipalOf(agent.Verifier.RootKeyDer);
        var nodes = certificate.Tree.LookupSubtree(["subnet"u8.ToArray(), subnet.Bytes.ToArray(), "node"u8.ToArray()]);
        if (nodes.Status != LookupStatus.Found)
            throw new CertificateException(CertificateFailure.ValueMissing, $"the /subnet certificate holds no nodes of subnet {subnet} ({nodes.Status})");
        var keys = new Dictionary<Principal, byte[]>();
        foreach (var node in nodes.Tree!.Children().Children)
        {
            var key = node.Subtree.LookupPath(["public_key"u8.ToArray()]);
            if (key.Status != LookupStatus.Found) continue;
            var der = key.Value!;
            if (der.Length != 44 || !der.AsSpan(0, 12).SequenceEqual(Ed25519Identity.DerPrefix))
                throw new CertificateException(CertificateFailure.Malformed, $"node {Principal.FromBytes(CheckedLength(node.Label))}'s key is not a DER Ed25519 key");
            keys[Principal.FromBytes(CheckedLength(node.Label))] = der[12..];
        }
        if (keys.Count == 0) throw new CertificateException(CertificateFailure.ValueMissing, $"no node keys of subnet {subnet}");
        if (_nodeKeys.Count >= agent.Options.NodeKeyCacheSize && !_nodeKeys.ContainsKey(ecid)) _nodeKeys.Clear();  // bounded
        _nodeKeys[ecid] = keys;
        return keys;
    }
}
