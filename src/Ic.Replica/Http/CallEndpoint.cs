using Canic.Fsm.Ic.Replica.Faults;
using Canic.Fsm.Ic.Replica.Ingress;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Ic.Replica.Http;

/// <summary>
/// <c>POST /api/v4|v3|v2/canister/&lt;ecid&gt;/call</c>. A new request is routed (400 when the effective canister id
/// breaks the rules), given its fault, registered under its request id and executed in the background; v2 answers
/// 202 at once, v3 and v4 wait up to <see cref="ReplicaOptions.SyncCallWait"/> for the certified status (signed in the next
/// certification round, see <see cref="CertificationRounds"/>) and answer 202 when it is slower. A request id seen before is not executed again: it is answered from its status.
/// </summary>
internal static class CallEndpoint
{
    public static async Task HandleAsync(ReplicaServer replica, HttpContext context, string version, Principal ecid, byte[] body)
    {
        var message = IngressMessage.Read(body, "call", replica.Time.GetUtcNow());
        var canister = Principal.FromBytes(message.Bytes("canister_id")!);
        var method = message.Text("method_name")!;
        var arg = message.Bytes("arg")!;
        var counted = replica.Calls.Route(ecid, canister, method, arg);

        HttpFault? fault = null;
        var entry = replica.Requests.Find(message.RequestId);
        if (entry is null)
        {
            fault = counted is { } m ? replica.Faults.FaultFor(m, replica.NextCallNumber(m)) : null;
            if (fault is not null) replica.Logger.LogInformation("Fault {Fault} injected into {Method} (request {RequestId})", fault, method, Hex(message.RequestId));
            switch (fault)
            {
                case HttpFault.ServerError error:
                    await CborResponse.TextAsync(context, error.Status, "injected server error").ConfigureAwait(false);
                    return;
                case HttpFault.TooManyRequests:
                    await CborResponse.TextAsync(context, 429, "injected: too many requests").ConfigureAwait(false);
                    return;
                case HttpFault.DropBeforeApply:
                    context.Abort();
                    return;
            }
            if (replica.Requests.TryAdd(message.RequestId, message.Sender, ecid, IcTime.FromNanoseconds(message.IngressExpiry), out entry))
                _ = ExecuteAsync(replica, entry, message.Sender, canister, method, arg, fault);
            else
                fault = null; // a concurrent resend registered it first
        }
        else if (entry.Sender != message.Sender)
        {
            throw IngressRefusal.Forbidden("A request with this id was sent by another sender");
        }

        if (fault is HttpFault.DropAfterApply)
        {
            await entry.Final.ConfigureAwait(false);
            context.Abort();
            return;
        }
        if (version == "v2")
        {
            context.Response.StatusCode = 202;
            return;
        }
        await Task.WhenAny(entry.Final, Task.Delay(replica.Options.SyncCallWait, replica.Time, context.RequestAborted)).ConfigureAwait(false);
        var status = replica.Requests.Visible(entry);
        if (!status.IsFinal)
        {
            context.Response.StatusCode = 202;
            return;
        }
        // A tampered answer is signed alone; the others share their round's signature, as the IC's replies do.
        var certificate = fault is HttpFault.Corrupt || replica.Faults.CorruptAllCertificates
            ? replica.Certifier.Certify(status.Leaves(message.RequestId), corrupt: true)
            : await replica.Rounds.CertifyAsync(message.RequestId, status.Leaves(message.RequestId)).ConfigureAwait(false);
        await CborResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartMap(2);
            w.WriteTextString("status"); w.WriteTextString("replied");
            w.WriteTextString("certificate"); w.WriteByteString(certificate);
            w.WriteEndMap();
        }).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(ReplicaServer replica, RequestStatusTable.Entry entry, Principal sender, Principal canister, string method, byte[] arg, HttpFault? fault)
    {
        try
        {
            var delay = replica.Faults.Latency + (fault is HttpFault.Slow slow ? slow.Delay : TimeSpan.Zero);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, replica.Time).ConfigureAwait(false);
            entry.Complete(fault is HttpFault.Reject reject
                ? RequestStatus.Rejected(reject.Code, reject.Message, reject.ErrorCode)
                : await replica.Calls.ExecuteAsync(sender, canister, method, arg).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            replica.Logger.LogError(e, "{Method} failed inside the replica", method);
            entry.Complete(RequestStatus.Rejected(RejectCode.SysFatal, $"The replica failed: {e.Message}", "IC0500"));
        }
    }

    private static string Hex(byte[] id) => Convert.ToHexStringLower(id);
}
