using System.Collections.Concurrent;
using System.Net;
using Canic.Fsm.Ic.Replica.Faults;
using Canic.Fsm.Ic.Replica.Http;
using Canic.Fsm.Ic.Replica.Ingress;
using Canic.Fsm.Ic.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Canic.Fsm.Ic.Replica;

/// <summary>
/// A development replica: the simulated IC behind the IC's HTTP interface on loopback (Kestrel). It serves
/// <c>GET /api/v2/status</c> (with its root key), update calls at <c>/api/v4|v3|v2/canister/&lt;ecid&gt;/call</c>,
/// <c>/api/v3|v2/canister/&lt;ecid&gt;/read_state</c> and <c>/api/v3|v2/canister/&lt;ecid&gt;/query</c> (node-signed),
/// checks what the IC checks (envelope signatures, the sender, ingress expiry, effective canister ids, that only the
/// sender reads its request status, controllers), signs certificates with its BLS keys, optionally through a
/// delegation, and injects <see cref="Faults"/> at the HTTP layer. Development endpoints under <c>/_/</c> (topology,
/// minting, faults) play the part of PocketIC's.
/// </summary>
public sealed class ReplicaServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _routes = new();
    private readonly ConcurrentDictionary<IcMethod, long> _calls = new();
    private volatile HttpFaultPlan _faults = HttpFaultPlan.None;

    /// <summary>Creates a replica over <paramref name="ic"/> (not yet listening: see <see cref="StartAsync"/>).</summary>
    /// <param name="ic">The simulated IC; the replica does not own it.</param>
    /// <param name="keys">The root, subnet and node keys.</param>
    /// <param name="options">Where and how to serve; null for the defaults.</param>
    /// <param name="time">The replica's clock (certificate times, expiry checks); null for the system clock.</param>
    /// <param name="logging">Where logs go; null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ReplicaServer(SimulatedIc ic, ReplicaKeys keys, ReplicaOptions? options = null, TimeProvider? time = null, ILoggerFactory? logging = null)
    {
        Ic = ic ?? throw new ArgumentNullException(nameof(ic));
        Keys = keys ?? throw new ArgumentNullException(nameof(keys));
        Options = options ?? new ReplicaOptions();
        Options.Validate();
        Time = time ?? TimeProvider.System;
        Logger = (logging ?? NullLoggerFactory.Instance).CreateLogger("Canic.Fsm.Ic.Replica");
        Layout = new SubnetLayout(ic.Options.CanisterIdRangeStart, ic.Options.CanisterIdRangeEnd, Options.Shards);
        Certifier = new Certifier(keys, Layout, Options.Delegation, Time);
        Rounds = new CertificationRounds(Certifier, Options.CertificationRound, Time);
        Requests = new RequestStatusTable(Time);
        Calls = new CanisterCalls(ic, Layout);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Parse(Options.Host), Options.Port);
            o.Limits.MaxRequestBodySize = Options.MaxRequestBytes + 1;
        });
        // A burst of new connections (a worker's first thousand concurrent calls) must not overflow the accept queue:
        // an overflowed SYN is dropped and the client retries it only after a second, which showed as calls taking
        // 1 s longer than the IC. Kestrel's default queue is 512; the kernel caps this at net.core.somaxconn.
        builder.WebHost.UseSockets(o => o.Backlog = Options.ListenBacklog);
        builder.Logging.ClearProviders();
        if (logging is not null) builder.Services.AddSingleton(logging);
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The simulated IC served.</summary>
    public SimulatedIc Ic { get; }

    /// <summary>The replica's keys.</summary>
    public ReplicaKeys Keys { get; }

    /// <summary>The options.</summary>
    public ReplicaOptions Options { get; }

    /// <summary>The subnet's canister ranges (and the ledger's id).</summary>
    public SubnetLayout Layout { get; }

    /// <summary>The replica's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The root key, DER, as <c>/api/v2/status</c> serves it.</summary>
    public byte[] RootKeyDer => Keys.RootKeyDer;

    /// <summary>The subnet that answers (the delegated subnet, or the root subnet without delegation).</summary>
    public Principal SubnetId => Certifier.SubnetId;

    /// <summary>The address served, e.g. <c>http://127.0.0.1:4943/</c>; set by <see cref="StartAsync"/>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The HTTP-layer faults injected from now on.</summary>
    public HttpFaultPlan Faults
    {
        get => _faults;
        set => _faults = value ?? throw new ArgumentNullException(nameof(value));
    }

    internal Certifier Certifier { get; }

    internal CertificationRounds Rounds { get; }

    /// <summary>How many certification rounds signed the replies of update calls so far.</summary>
    public long CertificationRoundsSigned => Rounds.Signed;

    internal RequestStatusTable Requests { get; }

    internal CanisterCalls Calls { get; }

    internal ILogger Logger { get; }

    /// <summary>How many requests a route received: <c>status</c>, <c>v4 call</c>, <c>v3 call</c>, <c>v2 call</c>, <c>read_state</c>, <c>query</c>.</summary>
    public long Count(string route) => _routes.GetValueOrDefault(route);

    /// <summary>Starts listening.</summary>
    /// <exception cref="IOException">The address is in use.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Serves until SIGTERM, Ctrl+C or <paramref name="cancellationToken"/>, then stops listening.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => ((IHost)_app).WaitForShutdownAsync(cancellationToken);

    /// <summary>The number the next call of <paramref name="method"/> gets (1-based), for the fault plan.</summary>
    internal long NextCallNumber(IcMethod method) => _calls.AddOrUpdate(method, 1, (_, n) => n + 1);

    private async Task HandleAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        var post = HttpMethods.IsPost(context.Request.Method);
        var route = segments switch
        {
            ["api", "v2", "status"] when HttpMethods.IsGet(context.Request.Method) => "status",
            ["api", "v4" or "v3" or "v2", "canister", _, "call"] when post => $"{segments[1]} call",
            ["api", "v3" or "v2", "canister", _, "read_state"] when post => "read_state",
            ["api", "v3" or "v2", "canister", _, "query"] when post => "query",
            ["_", ..] => "development",
            _ => "unknown",
        };
        _routes.AddOrUpdate(route, 1, (_, n) => n + 1);
        try
        {
            switch (route)
            {
                case "status":
                    await CborResponse.WriteAsync(context, 200, w =>
                    {
                        w.WriteStartMap(3);
                        w.WriteTextString("impl_version"); w.WriteTextString("canic-fsm development replica");
                        w.WriteTextString("replica_health_status"); w.WriteTextString("healthy");
                        w.WriteTextString("root_key"); w.WriteByteString(RootKeyDer);
                        w.WriteEndMap();
                    }).ConfigureAwait(false);
                    return;
                case "development":
                    await DevelopmentEndpoints.HandleAsync(this, context, segments[1..]).ConfigureAwait(false);
                    return;
                case "unknown":
                    await CborResponse.TextAsync(context, 404, $"No endpoint {context.Request.Method} {context.Request.Path}").ConfigureAwait(false);
                    return;
            }
            if (!Principal.TryParse(segments[3], out var ecid))
                throw IngressRefusal.BadRequest($"'{segments[3]}' is not a principal");
            if (context.Request.ContentType?.StartsWith("application/cbor", StringComparison.OrdinalIgnoreCase) != true)
                throw IngressRefusal.BadRequest($"Unexpected content-type '{context.Request.ContentType}', expected application/cbor");
            if (await CborResponse.ReadBodyAsync(context, Options.MaxRequestBytes).ConfigureAwait(false) is not { } body) return;
            await (route switch
            {
                "read_state" => ReadStateEndpoint.HandleAsync(this, context, ecid, body),
                "query" => QueryEndpoint.HandleAsync(this, context, ecid, body),
                _ => CallEndpoint.HandleAsync(this, context, segments[1], ecid, body),
            }).ConfigureAwait(false);
        }
        catch (IngressRefusal refusal)
        {
            Logger.LogDebug("{Method} {Path}: {Status} {Message}", context.Request.Method, context.Request.Path, refusal.Status, refusal.Message);
            await CborResponse.TextAsync(context, refusal.Status, refusal.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Stops listening (the simulated IC stays open: its owner closes it).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
