using System.Collections.Concurrent;
using System.Formats.Cbor;
using System.Net;
using Canic.Fsm.Ic.Agent;
using Canic.Fsm.Ic.Bls;
using Canic.Fsm.Ic.Candid;
using Canic.Fsm.Ic.Certificates;
using Canic.Fsm.Ic.Clients;
using Canic.Fsm.Ic.Envelope;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Canic.Fsm.Ic.Tests.Support.TreeBuilder;

namespace Canic.Fsm.Ic.Tests.Support;

/// <summary>
/// An in-process IC replica on loopback (Kestrel) that answers as the IC's HTTP interface does, backed by the
/// simulated IC: it decodes signed CBOR envelopes (checking Ed25519 sender signatures), decodes the Candid
/// arguments, runs the management canister and the ledger's balance on a <see cref="SimulatedIc"/>, and answers
/// with certificates signed by its own BLS12-381 root key (no delegation, like a single-subnet local replica),
/// request_status for polling, module_hash/controllers, node keys under <c>/subnet</c> and Ed25519-signed query
/// replies. <see cref="Override"/> lets a test answer a request its own way (404, 429/503, hangs, hostile bodies).
/// </summary>
internal sealed class TestReplica : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestStatus> _requests = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly Ed25519Identity _node = Ed25519Identity.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());

    public sealed record RequestStatus(string Status, byte[]? Reply = null, ulong RejectCode = 0, string? RejectMessage = null, string? ErrorCode = null);

    /// <summary>An answer to one request, or null for the IC-like default. Arguments: the route ("v4 call", "v2 call", "read_state", "query", "status"), the number of that route's requests so far (1-based), the context.</summary>
    public Func<string, int, HttpContext, Task<bool>>? Override { get; set; }

    /// <summary>The node that signs query replies; null for the subnet's one node.</summary>
    public Ed25519Identity? QuerySigner { get; set; }

    /// <summary>Whether v4 calls answer 202 (then polling) instead of a synchronous certificate.</summary>
    public bool AsyncCalls { get; set; }

    /// <summary>Calls answered "processing" this many times before their final status.</summary>
    public int ProcessingPolls { get; set; }

    public SimulatedIc Ic { get; }
    public BlsSecretKey RootKey { get; } = BlsSecretKey.FromSeed("test replica root key, at least 32 bytes of seed"u8);
    public byte[] RootKeyDer => KeyDer(RootKey);
    public Principal SubnetId => SelfAuthenticating.PrincipalOf(RootKeyDer);
    public TimeProvider Time { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public Principal LedgerId { get; } = CyclesLedgerClient.MainnetLedger;

    private TestReplica(SimulatedIc ic, TimeProvider time)
    {
        Ic = ic;
        Time = time;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<TestReplica> StartAsync(SimulatedIc? ic = null, TimeProvider? time = null)
    {
        var replica = new TestReplica(ic ?? new SimulatedIc(), time ?? TimeProvider.System);
        await replica._app.StartAsync();
        var address = replica._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        replica.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return replica;
    }

    public int Count(string route) => _counts.GetValueOrDefault(route);

    /// <summary>An agent talking to this replica, trusting its root key explicitly.</summary>
    public IcAgent Agent(IIdentity identity, HttpClient http, Func<IcAgentOptions, IcAgentOptions>? configure = null, TimeProvider? time = null, IBlsVerifier? bls = null)
    {
        var options = new IcAgentOptions
        {
            BaseAddress = BaseAddress,
            Network = IcNetwork.Local,
            RootKeyDer = RootKeyDer,
            PollInitialDelay = TimeSpan.FromMilliseconds(5),
            PollMaxDelay = TimeSpan.FromMilliseconds(10),
            HttpRetryDelay = TimeSpan.FromMilliseconds(5),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        options = configure?.Invoke(options) ?? options;
        var verifier = new CertificateVerifier(bls ?? BlsVerifier.Instance, RootKeyDer, new ServerClock(time ?? Time), options.Certificates);
        return new IcAgent(http, identity, verifier, options);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        var route = segments switch
        {
            ["api", "v4", "canister", _, "call"] => "v4 call",
            ["api", "v2", "canister", _, "call"] => "v2 call",
            ["api", "v3", "canister", _, "read_state"] => "read_state",
            ["api", "v3", "canister", _, "query"] => "query",
            ["api", "v2", "status"] => "status",
            _ => "unknown",
        };
        var count = _counts.AddOrUpdate(route, 1, (_, c) => c + 1);
        if (Override is { } custom && await custom(route, count, context)) return;
        await DefaultAsync(route, context);
    }

    /// <summary>The IC-like answer to a request (for overrides that alter or drop it).</summary>
    public async Task DefaultAsync(string route, HttpContext context)
    {
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        switch (route)
        {
            case "status":
                await WriteCbor(context, 200, w => { w.WriteStartMap(1); w.WriteTextString("root_key"); w.WriteByteString(RootKeyDer); w.WriteEndMap(); });
                return;
            case "v4 call":
            case "v2 call":
                await CallAsync(context, route == "v4 call", Principal.Parse(segments[3]));
                return;
            case "read_state":
                await ReadStateAsync(context, Principal.Parse(segments[3]));
                return;
            case "query":
                await QueryAsync(context);
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private async Task<(Dictionary<string, object> Content, byte[] RequestId)?> ReadEnvelopeAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var envelope = Agent_ReadMap(buffer.ToArray());
        var content = (Dictionary<string, object>)envelope["content"];
        var requestId = RequestContent.HashOfMap(content);
        var sender = (byte[])content["sender"];
        if (envelope.TryGetValue("sender_pubkey", out var key) && key is byte[] der)
        {
            var signature = (byte[])envelope["sender_sig"];
            var ok = SelfAuthenticating.PrincipalOf(der).Bytes.SequenceEqual(sender)
                     && der.Length == 44 && Ed25519Identity.Verify(der[12..], [.. SignedRequest.RequestDomain, .. requestId], signature);
            if (!ok)
            {
                context.Response.StatusCode = 403;
                await context.Response.WriteAsync("Invalid signature");
                return null;
            }
        }
        else if (!sender.SequenceEqual(new byte[] { 4 }))
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("A non-anonymous request without a signature");
            return null;
        }
        var expiry = IcTime.FromNanoseconds((ulong)content["ingress_expiry"]);
        var now = Time.GetUtcNow();
        var anonymousReadOrQuery = sender.SequenceEqual(new byte[] { 4 }) && (string)content["request_type"] != "call";
        if (!anonymousReadOrQuery && (expiry < now || expiry > now + TimeSpan.FromMinutes(5.5)))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($"Invalid request expiry: {expiry:O} is not within [{now:O}, +5m30s]");
            return null;
        }
        return (content, requestId);
    }

    private static Dictionary<string, object> Agent_ReadMap(byte[] body) => CborValue.ReadMap(body, "envelope");

    private async Task CallAsync(HttpContext context, bool v4, Principal ecid)
    {
        if (await ReadEnvelopeAsync(context) is not var (content, requestId)) return;
        if (ExpectedEffectiveCanister(content) is { } expected && expected != ecid)
        {
            // As the IC does: a call must be addressed to the canister it acts on.
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($"Specified CanisterId {expected} does not match effective canister id in URL {ecid}");
            return;
        }
        var key = Convert.ToHexString(requestId);
        if (!_requests.ContainsKey(key))
        {
            var status = await ExecuteAsync(content);
            _requests[key] = ProcessingPolls > 0 ? status with { } : status;
            _processingLeft[key] = ProcessingPolls;
        }
        if (!v4 || AsyncCalls)
        {
            context.Response.StatusCode = 202;
            return;
        }
        var certificate = Certify([.. RequestStatusLeaves(requestId, _requests[key])]);
        await WriteCbor(context, 200, w =>
        {
            w.WriteStartMap(2);
            w.WriteTextString("status"); w.WriteTextString("replied");
            w.WriteTextString("certificate"); w.WriteByteString(certificate);
            w.WriteEndMap();
        });
    }

    private readonly ConcurrentDictionary<string, int> _processingLeft = new();

    private Principal? ExpectedEffectiveCanister(Dictionary<string, object> content)
    {
        var canister = Principal.FromBytes((byte[])content["canister_id"]);
        if (canister != Principal.ManagementCanister) return canister;
        try
        {
            var arg = (RecordValue)CandidDecoder.DecodeOne((byte[])content["arg"],
                CandidType.Record(("canister_id", CandidType.Opt(CandidType.Principal)),
                    ("specified_id", CandidType.Opt(CandidType.Principal))));
            var id = CandidConvert.FromOpt(arg["canister_id"]) ?? CandidConvert.FromOpt(arg["specified_id"]);
            return id is null ? null : CandidConvert.ToPrincipal(id);
        }
        catch (CandidException)
        {
            return null;
        }
    }

    private async Task<RequestStatus> ExecuteAsync(Dictionary<string, object> content)
    {
        var sender = Principal.FromBytes((byte[])content["sender"]);
        var canister = Principal.FromBytes((byte[])content["canister_id"]);
        var method = (string)content["method_name"];
        var arg = (byte[])content["arg"];
        try
        {
            if (canister == LedgerId)
            {
                var ledger = Ic.CyclesLedgerFor(sender);
                return method switch
                {
                    "create_canister" => new RequestStatus("replied", CyclesLedgerCandid.EncodeCreateCanisterResult(await ledger.CreateCanisterAsync(CyclesLedgerCandid.DecodeCreateCanisterArgs(arg)))),
                    "withdraw" => new RequestStatus("replied", CyclesLedgerCandid.EncodeWithdrawResult(await ledger.WithdrawAsync(CyclesLedgerCandid.DecodeWithdrawArgs(arg)))),
                    _ => new RequestStatus("rejected", RejectCode: 3, RejectMessage: $"Canister has no update method '{method}'", ErrorCode: "IC0536"),
                };
            }
            if (canister != Principal.ManagementCanister)
                return new RequestStatus("rejected", RejectCode: 3, RejectMessage: $"Canister {canister} not found", ErrorCode: "IC0301");
            var mc = Ic.ManagementCanisterFor(sender);
            byte[] reply = method switch
            {
                "canister_status" => ManagementCandid.EncodeCanisterStatusResult(await mc.CanisterStatusAsync(ManagementCandid.DecodeCanisterIdRecord(arg))),
                "update_settings" => await Empty(mc.UpdateSettingsAsync(ManagementCandid.DecodeUpdateSettingsArgs(arg))),
                "install_code" => await Empty(mc.InstallCodeAsync(ManagementCandid.DecodeInstallCodeArgs(arg))),
                "uninstall_code" => await Empty(mc.UninstallCodeAsync(ManagementCandid.DecodeUninstallCodeArgs(arg))),
                "stop_canister" => await Empty(mc.StopCanisterAsync(ManagementCandid.DecodeCanisterIdRecord(arg))),
                "start_canister" => await Empty(mc.StartCanisterAsync(ManagementCandid.DecodeCanisterIdRecord(arg))),
                "delete_canister" => await Empty(mc.DeleteCanisterAsync(ManagementCandid.DecodeCanisterIdRecord(arg))),
                "provisional_create_canister_with_cycles" => ManagementCandid.EncodeCanisterIdResult(
                    await mc.ProvisionalCreateCanisterWithCyclesAsync(ManagementCandid.DecodeProvisionalCreateArgs(arg))),
                _ => throw new IcRejectException(method, RejectCode.DestinationInvalid, $"Management canister has no method '{method}'", "IC0302"),
            };
            return new RequestStatus("replied", reply);
        }
        catch (IcRejectException e)
        {
            return new RequestStatus("rejected", RejectCode: (ulong)e.Code, RejectMessage: e.RejectMessage, ErrorCode: e.ErrorCode);
        }
    }

    private static async Task<byte[]> Empty(Task task)
    {
        await task;
        return ManagementCandid.EncodeEmptyResult();
    }

    private IEnumerable<(byte[][], HashTree)> RequestStatusLeaves(byte[] requestId, RequestStatus status)
    {
        yield return Leaf(L(status.Status), "request_status", requestId, "status");
        if (status.Reply is { } reply) yield return Leaf(reply, "request_status", requestId, "reply");
        if (status.Status == "rejected")
        {
            yield return Leaf(Leb(status.RejectCode), "request_status", requestId, "reject_code");
            yield return Leaf(L(status.RejectMessage ?? ""), "request_status", requestId, "reject_message");
            if (status.ErrorCode is { } code) yield return Leaf(L(code), "request_status", requestId, "error_code");
        }
    }

    private async Task ReadStateAsync(HttpContext context, Principal ecid)
    {
        if (await ReadEnvelopeAsync(context) is not var (content, _)) return;
        var leaves = new List<(byte[][], HashTree)>();
        foreach (var item in (List<object>)content["paths"])
        {
            var path = ((List<object>)item).Cast<byte[]>().ToArray();
            var head = System.Text.Encoding.UTF8.GetString(path[0]);
            if (head == "request_status" && path.Length >= 2 && _requests.TryGetValue(Convert.ToHexString(path[1]), out var status))
            {
                var key = Convert.ToHexString(path[1]);
                if (_processingLeft.TryGetValue(key, out var left) && left > 0)
                {
                    _processingLeft[key] = left - 1;
                    leaves.Add(Leaf(L("processing"), "request_status", path[1], "status"));
                }
                else
                {
                    leaves.AddRange(RequestStatusLeaves(path[1], status));
                }
            }
            else if (head == "canister" && path.Length == 3)
            {
                var canister = Principal.FromBytes(path[1]);
                if (canister != ecid) { context.Response.StatusCode = 400; await context.Response.WriteAsync("canister path must name the effective canister"); return; }
                if (Ic.Snapshot().Canisters.FirstOrDefault(c => c.Id == canister && !c.Deleted) is { } c)
                {
                    var what = System.Text.Encoding.UTF8.GetString(path[2]);
                    if (what == "module_hash" && c.ModuleHash is { } hash) leaves.Add(Leaf(hash, "canister", canister, "module_hash"));
                    if (what == "controllers") leaves.Add(Leaf(Controllers(c.Controllers), "canister", canister, "controllers"));
                }
            }
            else if (head == "subnet")
            {
                leaves.Add(Leaf([.. Ed25519Identity.DerPrefix, .. _node.RawPublicKey], "subnet", SubnetId, "node", _node.Sender, "public_key"));
                leaves.Add(Leaf(RootKeyDer, "subnet", SubnetId, "public_key"));
            }
        }
        var certificate = Certify(leaves);
        await WriteCbor(context, 200, w => { w.WriteStartMap(1); w.WriteTextString("certificate"); w.WriteByteString(certificate); w.WriteEndMap(); });
    }

    private static byte[] Controllers(IEnumerable<Principal> controllers)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)55799);
        var list = controllers.ToList();
        writer.WriteStartArray(list.Count);
        foreach (var c in list) writer.WriteByteString(c.Bytes.ToArray());
        writer.WriteEndArray();
        return writer.Encode();
    }

    private async Task QueryAsync(HttpContext context)
    {
        if (await ReadEnvelopeAsync(context) is not var (content, requestId)) return;
        var method = (string)content["method_name"];
        var timestamp = IcTime.ToNanoseconds(Time.GetUtcNow());
        List<KeyValuePair<string, object>> signed;
        Action<CborWriter> body;
        if (method == "icrc1_balance_of")
        {
            var balance = await Ic.CyclesLedgerFor(Principal.FromBytes((byte[])content["sender"])).BalanceAsync(CyclesLedgerCandid.DecodeAccount((byte[])content["arg"]));
            var arg = CyclesLedgerCandid.EncodeBalance(balance);
            signed = [new("status", "replied"), new("reply", new List<KeyValuePair<string, object>> { new("arg", arg) }), new("timestamp", timestamp), new("request_id", requestId)];
            body = w =>
            {
                w.WriteTextString("status"); w.WriteTextString("replied");
                w.WriteTextString("reply"); w.WriteStartMap(1); w.WriteTextString("arg"); w.WriteByteString(arg); w.WriteEndMap();
            };
        }
        else
        {
            signed = [new("status", "rejected"), new("reject_code", 3UL), new("reject_message", $"no query {method}"), new("error_code", "IC0302"), new("timestamp", timestamp), new("request_id", requestId)];
            body = w =>
            {
                w.WriteTextString("status"); w.WriteTextString("rejected");
                w.WriteTextString("reject_code"); w.WriteUInt64(3);
                w.WriteTextString("reject_message"); w.WriteTextString($"no query {method}");
                w.WriteTextString("error_code"); w.WriteTextString("IC0302");
            };
        }
        var signer = QuerySigner ?? _node;
        var signature = signer.Sign([.. "\x0Bic-response"u8, .. RequestContent.HashOfMap(signed)]);
        await WriteCbor(context, 200, w =>
        {
            w.WriteStartMap(null);
            body(w);
            w.WriteTextString("signatures");
            w.WriteStartArray(1);
            w.WriteStartMap(3);
            w.WriteTextString("timestamp"); w.WriteUInt64(timestamp);
            w.WriteTextString("signature"); w.WriteByteString(signature);
            w.WriteTextString("identity"); w.WriteByteString(signer.Sender.Bytes.ToArray());
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        });
    }

    /// <summary>A certificate over the given leaves plus <c>/time</c>, signed by the root key.</summary>
    public byte[] Certify(IEnumerable<(byte[][], HashTree)> leaves, DateTimeOffset? time = null) =>
        Signed(Build([Leaf(TimeLeaf(time ?? Time.GetUtcNow()), "time"), .. leaves]), RootKey);

    public static async Task WriteCbor(HttpContext context, int status, Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
        writer.WriteTag((CborTag)55799);
        write(writer);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/cbor";
        await context.Response.Body.WriteAsync(writer.Encode());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Ic.Dispose();
    }
}
