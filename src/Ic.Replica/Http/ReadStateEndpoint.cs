using Canic.Fsm.Ic.Replica.Ingress;
using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Ic.Replica.Http;

/// <summary>
/// <c>POST /api/v3|v2/canister/&lt;ecid&gt;/read_state</c>: a certificate of <c>/time</c> and the paths asked for.
/// <c>/request_status/&lt;id&gt;</c> only for the request's own sender at its effective canister id, and only one
/// request id per read; <c>/canister/&lt;id&gt;/module_hash|controllers</c> only for the effective canister id;
/// <c>/subnet</c> with the subnet's key, its node's key (and, without delegation, its ranges). Anything else is 404.
/// </summary>
internal static class ReadStateEndpoint
{
    public static async Task HandleAsync(ReplicaServer replica, HttpContext context, Principal ecid, byte[] body)
    {
        var message = IngressMessage.Read(body, "read_state", replica.Time.GetUtcNow());
        if (!replica.Layout.Contains(ecid))
            throw IngressRefusal.BadRequest($"Canister {ecid} does not belong to this subnet");
        var paths = ((List<object>)message.Content["paths"]).Select(p => ((List<object>)p).Cast<byte[]>().ToArray()).ToList();
        var requestIds = paths.Where(p => p.Length >= 2 && Label(p[0]) == "request_status").Select(p => Convert.ToHexString(p[1])).Distinct().Count();
        if (requestIds > 1) throw IngressRefusal.BadRequest("A read_state may ask for the status of one request only");
        var leaves = new List<StateLeaf>();
        foreach (var path in paths) leaves.AddRange(Leaves(replica, message, ecid, path));
        await CborResponse.CertificateAsync(context, replica.Certifier.Certify(leaves, corrupt: replica.Faults.CorruptAllCertificates)).ConfigureAwait(false);
    }

    private static IEnumerable<StateLeaf> Leaves(ReplicaServer replica, IngressMessage message, Principal ecid, byte[][] path)
    {
        switch (path.Length == 0 ? "" : Label(path[0]))
        {
            case "time":
                return [];
            case "request_status" when path.Length >= 2:
                return RequestStatus(replica, message, ecid, path[1]);
            case "canister" when path.Length >= 3:
                return Canister(replica, ecid, path);
            case "subnet":
                return replica.Certifier.SubnetLeaves();
            default:
                throw new IngressRefusal(404, $"Invalid path requested: /{string.Join('/', path.Select(Label))}");
        }
    }

    private static IEnumerable<StateLeaf> RequestStatus(ReplicaServer replica, IngressMessage message, Principal ecid, byte[] requestId)
    {
        if (replica.Requests.Find(requestId) is not { } entry) return []; // Absent: never received
        if (entry.Sender != message.Sender)
            throw IngressRefusal.Forbidden($"Request IDs must be for requests signed by the caller: request {Convert.ToHexStringLower(requestId)} was not sent by {message.Sender}");
        if (entry.EffectiveCanisterId != ecid)
            throw IngressRefusal.BadRequest($"Request {Convert.ToHexStringLower(requestId)} was sent to effective canister id {entry.EffectiveCanisterId}, not {ecid}");
        return replica.Requests.Visible(entry).Leaves(requestId);
    }

    private static IEnumerable<StateLeaf> Canister(ReplicaServer replica, Principal ecid, byte[][] path)
    {
        var canister = Principal.FromBytes(path[1]);
        if (canister != ecid)
            throw IngressRefusal.BadRequest($"Effective canister id {ecid} does not match the canister {canister} of the path");
        if (replica.Ic.Canister(canister) is not { Deleted: false } snapshot) return [];
        return Label(path[2]) switch
        {
            "module_hash" when snapshot.ModuleHash is { } hash => [StateLeaf.At(hash.ToArray(), "canister", canister, "module_hash")],
            "module_hash" => [],
            "controllers" => [StateLeaf.At(StateTree.Principals(snapshot.Controllers), "canister", canister, "controllers")],
            "metadata" => [],
            _ => throw new IngressRefusal(404, $"Invalid path requested: /canister/{canister}/{Label(path[2])}"),
        };
    }

    private static string Label(byte[] label) => System.Text.Encoding.UTF8.GetString(label);
}
