using Canic.Fsm.Ic;
using Canic.Fsm.Worker.Ic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Canic.Fsm.Worker.Api;

/// <summary>
/// Development aids that exist only with the simulated IC: create a canister controlled by the
/// orchestrator, as a developer would on a local replica, so that it can be imported into the pool.
/// </summary>
internal static class SimulatedIcEndpoints
{
    public static void MapSimulatedIc(this IEndpointRouteBuilder api, IcConnection ic)
    {
        if (ic.Simulated is null) return;
        api.MapPost("/sim/canisters", async (HttpRequest request, CancellationToken ct) =>
        {
            var cycles = ParseCycles((await JsonBody.ReadOptionalAsync<CreateSimulatedCanisterRequest>(request))?.Cycles);
            var created = await ic.Management.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs(cycles), ct);
            return new { pid = created.CanisterId.ToString(), cycles = ic.Simulated.Canister(created.CanisterId)?.Cycles.ToString() };
        });
    }

    private static Cycles? ParseCycles(string? text)
    {
        if (text is null) return null;
        try
        {
            return Cycles.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ApiInputException("cycles", e.Message);
        }
    }
}

/// <summary>Body of <c>POST /api/sim/canisters</c>.</summary>
/// <param name="Cycles">The new canister's cycles (e.g. <c>"2T"</c>); absent for the network's default.</param>
public sealed record CreateSimulatedCanisterRequest(string? Cycles);
