using System.Text.Json;
using System.Text.Json.Serialization;
using Canic.Fsm.Ic.Replica.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Canic.Fsm.Ic.Replica.Http;

/// <summary>
/// The replica's own endpoints under <c>/_/</c> (JSON), like PocketIC's: <c>GET /_/topology</c> (subnet, root key,
/// ranges, the default effective canister id), <c>POST /_/mint</c> (<c>{"owner": "&lt;principal&gt;", "amount": "100T"}</c>:
/// credits a cycles-ledger account, as a developer tops up a local wallet), and <c>PUT /_/faults</c> (an
/// <see cref="FaultsRequest"/>: the HTTP faults from now on).
/// </summary>
internal static class DevelopmentEndpoints
{
    /// <summary>Camel-case JSON with enums as names (<c>"methods": ["InstallCode"]</c>), as the development endpoints and <c>--faults</c> read it.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task HandleAsync(ReplicaServer replica, HttpContext context, string[] path)
    {
        var method = context.Request.Method;
        switch (path)
        {
            case ["topology"] when HttpMethods.IsGet(method):
                await WriteAsync(context, 200, new
                {
                    subnetId = replica.SubnetId.ToString(),
                    rootKey = Convert.ToHexStringLower(replica.RootKeyDer),
                    rootKeySha256 = replica.Keys.RootKeyFingerprint,
                    delegation = replica.Options.Delegation,
                    defaultEffectiveCanisterId = replica.Layout.DefaultEffectiveCanisterId.ToString(),
                    ledgerId = replica.Layout.LedgerId.ToString(),
                    ranges = replica.Layout.Ranges.Select(r => new[] { r.Low.ToString(), r.High.ToString() }),
                    shards = replica.Layout.Shards.Count,
                }).ConfigureAwait(false);
                return;
            case ["mint"] when HttpMethods.IsPost(method):
                var mint = await ReadAsync<MintRequest>(context).ConfigureAwait(false);
                if (mint is null) return;
                if (!Principal.TryParse(mint.Owner, out var owner) || !Cycles.TryParse(mint.Amount, out var amount))
                {
                    await WriteAsync(context, 400, new { error = $"owner must be a principal and amount cycles (e.g. \"100T\"), got '{mint.Owner}' and '{mint.Amount}'" }).ConfigureAwait(false);
                    return;
                }
                var account = new Account(owner);
                replica.Ic.Mint(account, amount);
                var balance = await replica.Ic.CyclesLedgerFor(owner).BalanceAsync(account).ConfigureAwait(false);
                replica.Logger.LogInformation("Minted {Amount} cycles to {Account}: balance {Balance}", amount, account, balance);
                await WriteAsync(context, 200, new { account = account.ToString(), balance = balance.ToString() }).ConfigureAwait(false);
                return;
            case ["faults"] when HttpMethods.IsPut(method):
                var request = await ReadAsync<FaultsRequest>(context).ConfigureAwait(false);
                if (request is null) return;
                try
                {
                    replica.Faults = request.ToPlan();
                }
                catch (ArgumentException e)
                {
                    await WriteAsync(context, 400, new { error = e.Message }).ConfigureAwait(false);
                    return;
                }
                replica.Logger.LogInformation("HTTP faults now: {Faults}", JsonSerializer.Serialize(request, Json));
                await WriteAsync(context, 200, request).ConfigureAwait(false);
                return;
            default:
                await WriteAsync(context, 404, new { error = $"no development endpoint {method} /_/{string.Join('/', path)}" }).ConfigureAwait(false);
                return;
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("the body is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            await WriteAsync(context, 400, new { error = $"not a valid {typeof(T).Name}: {e.Message}" }).ConfigureAwait(false);
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), Json, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record MintRequest(string? Owner, string? Amount);
}
