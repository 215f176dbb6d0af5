using System.Collections.Immutable;
using Canic.Fsm.Ic.Simulation;

namespace Canic.Fsm.Ic.Replica.Faults;

/// <summary>
/// Which HTTP-layer fault the replica injects into which update call: scripted per method and call number, on top of
/// random faults drawn from a seed (the fault of a call depends only on seed, method and call number), plus a latency
/// added to every call and a switch that tampers with every certificate served. Immutable.
/// </summary>
public sealed class HttpFaultPlan
{
    private readonly ImmutableDictionary<(IcMethod, long), HttpFault> _scripted;
    private readonly int _seed;
    private readonly HttpFaultProfile? _profile;

    private HttpFaultPlan(ImmutableDictionary<(IcMethod, long), HttpFault> scripted, int seed, HttpFaultProfile? profile, TimeSpan latency, bool corruptAll)
    {
        _scripted = scripted;
        _seed = seed;
        _profile = profile;
        Latency = latency;
        CorruptAllCertificates = corruptAll;
    }

    /// <summary>No faults, no latency.</summary>
    public static HttpFaultPlan None { get; } = new(ImmutableDictionary<(IcMethod, long), HttpFault>.Empty, 0, null, TimeSpan.Zero, false);

    /// <summary>Random faults drawn from <paramref name="seed"/> with <paramref name="profile"/>'s probabilities.</summary>
    /// <exception cref="ArgumentException">The profile is invalid.</exception>
    public static HttpFaultPlan Random(int seed, HttpFaultProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        return new HttpFaultPlan(ImmutableDictionary<(IcMethod, long), HttpFault>.Empty, seed, profile, TimeSpan.Zero, false);
    }

    /// <summary>The time every update call takes to execute (as a network's round trip and consensus would).</summary>
    public TimeSpan Latency { get; }

    /// <summary>Whether every certificate served (calls, polls, read_state) has a tampered signature.</summary>
    public bool CorruptAllCertificates { get; }

    /// <summary>This plan, with a fault for call number <paramref name="callNumber"/> (1-based) of <paramref name="method"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The call number is below 1.</exception>
    public HttpFaultPlan On(IcMethod method, long callNumber, HttpFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(callNumber, 1);
        return new HttpFaultPlan(_scripted.SetItem((method, callNumber), fault), _seed, _profile, Latency, CorruptAllCertificates);
    }

    /// <summary>This plan, with every update call taking <paramref name="latency"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The latency is negative.</exception>
    public HttpFaultPlan WithLatency(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        return new HttpFaultPlan(_scripted, _seed, _profile, latency, CorruptAllCertificates);
    }

    /// <summary>This plan, tampering with every certificate (or no longer).</summary>
    public HttpFaultPlan WithCorruptCertificates(bool corrupt = true) => new(_scripted, _seed, _profile, Latency, corrupt);

    /// <summary>The fault of call number <paramref name="callNumber"/> of <paramref name="method"/>, or null; scripted faults win.</summary>
    public HttpFault? FaultFor(IcMethod method, long callNumber)
    {
        if (_scripted.TryGetValue((method, callNumber), out var fault)) return fault;
        if (_profile is not { } p || p.Methods is { } methods && !methods.Contains(method)) return null;
        var roll = new SeededDraw(_seed, method, callNumber).Next();
        if ((roll -= p.ServerError) < 0) return new HttpFault.ServerError();
        if ((roll -= p.TooManyRequests) < 0) return new HttpFault.TooManyRequests();
        if ((roll -= p.DropBeforeApply) < 0) return new HttpFault.DropBeforeApply();
        if ((roll -= p.DropAfterApply) < 0) return new HttpFault.DropAfterApply();
        if ((roll -= p.Slow) < 0) return new HttpFault.Slow(p.SlowDelay);
        if ((roll -= p.Corrupt) < 0) return new HttpFault.Corrupt();
        if ((roll -= p.Reject) < 0) return new HttpFault.Reject();
        return null;
    }
}
