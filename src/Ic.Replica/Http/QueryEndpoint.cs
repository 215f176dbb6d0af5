using System.Formats.Cbor;
using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Replica.Ingress;
using Microsoft.AspNetCore.Http;

namespace Canic.Fsm.Ic.Replica.Http;

/// <summary>
/// <c>POST /api/v3|v2/canister/&lt;ecid&gt;/query</c>: runs the query and answers with the reply (or reject) signed by
/// the node: Ed25519 over <c>"\x0Bic-response" ‖ hash_of_map({status, reply | reject fields, timestamp, request_id})</c>.
/// </summary>
internal static class QueryEndpoint
{
    public static async Task HandleAsync(ReplicaServer replica, HttpContext context, Principal ecid, byte[] body)
    {
        var message = IngressMessage.Read(body, "query", replica.Time.GetUtcNow());
        var canister = Principal.FromBytes(message.Bytes("canister_id")!);
        if (canister != ecid)
            throw IngressRefusal.BadRequest($"Specified CanisterId {ecid} does not match the query's canister_id {canister}");
        if (!replica.Layout.Contains(ecid))
            throw IngressRefusal.BadRequest($"Canister {ecid} does not belong to this subnet");
        var status = await replica.Calls.QueryAsync(message.Sender, canister, message.Text("method_name")!, message.Bytes("arg")!).ConfigureAwait(false);
        var timestamp = IcTime.ToNanoseconds(replica.Time.GetUtcNow());
        List<KeyValuePair<string, object>> fields = status.Status == "replied"
            ? [new("status", "replied"), new("reply", new List<KeyValuePair<string, object>> { new("arg", status.Reply!) })]
            : [new("status", "rejected"), new("reject_code", (ulong)status.RejectCode), new("reject_message", status.RejectMessage ?? "")];
        if (status.ErrorCode is { } errorCode && status.Status == "rejected") fields.Add(new("error_code", errorCode));
        var signed = fields.Concat([new("timestamp", timestamp), new("request_id", message.RequestId)]);
        var node = replica.Keys.Node;
        var signature = node.Sign([.. "\x0Bic-response"u8, .. RequestContent.HashOfMap(signed)]);
        await CborResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartMap(fields.Count + 1);
            foreach (var (key, value) in fields) Write(w, key, value);
            w.WriteTextString("signatures");
            w.WriteStartArray(1);
            w.WriteStartMap(3);
            w.WriteTextString("timestamp"); w.WriteUInt64(timestamp);
            w.WriteTextString("signature"); w.WriteByteString(signature);
            w.WriteTextString("identity"); w.WriteByteString(node.Sender.Bytes.ToArray());
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        }).ConfigureAwait(false);
    }

    private static void Write(CborWriter writer, string key, object value)
    {
        writer.WriteTextString(key);
        switch (value)
        {
            case string text: writer.WriteTextString(text); break;
            case ulong number: writer.WriteUInt64(number); break;
            case List<KeyValuePair<string, object>> map:
                writer.WriteStartMap(map.Count);
                foreach (var (k, v) in map) Write(writer, k, v);
                writer.WriteEndMap();
                break;
            case byte[] bytes: writer.WriteByteString(bytes); break;
        }
    }
}
