using System.Collections.Immutable;

namespace Canic.Fsm.Ic.Simulation;

/// <summary>
/// Which fault the simulated IC injects into which call: scripted per method and call number
/// ("the 3rd install_code call"), optionally on top of random faults drawn from a seed. The fault of a call
/// depends only on (seed, method, call number), so a plan reproduces exactly. Immutable.
/// </summary>
public sealed class FaultPlan
{
    private readonly ImmutableDictionary<(IcMethod, long), Fault> _scripted;
    private readonly int _seed;
    private readonly RandomFaultProfile? _profile;

    private FaultPlan(ImmutableDictionary<(IcMethod, long), Fault> scripted, int seed, RandomFaultProfile? profile)
    {
        _scripted = scripted;
        _seed = seed;
        _profile = profile;
    }

    /// <summary>No faults.</summary>
    public static FaultPlan None { get; } = new(ImmutableDictionary<(IcMethod, long), Fault>.Empty, 0, null);

    /// <summary>Random faults drawn from <paramref name="seed"/> with the probabilities of <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentException">The probabilities are out of range.</exception>
    public static FaultPlan Random(int seed, RandomFaultProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        return new FaultPlan(ImmutableDictionary<(IcMethod, long), Fault>.Empty, seed, profile);
    }

    /// <summary>A plan that also injects <paramref name="fault"/> into call number <paramref name="callNumber"/> (1-based) of <paramref name="method"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The call number is below 1.</exception>
    public FaultPlan On(IcMethod method, long callNumber, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(callNumber, 1);
        return new FaultPlan(_scripted.SetItem((method, callNumber), fault), _seed, _profile);
    }

    /// <summary>The fault of call number <paramref name="callNumber"/> of <paramref name="method"/>, or null; scripted faults win over random ones.</summary>
    public Fault? FaultFor(IcMethod method, long callNumber)
    {
        if (_scripted.TryGetValue((method, callNumber), out var fault)) return fault;
        if (_profile is null || _profile.Methods is { } methods && !methods.Contains(method)) return null;
        return Draw(_profile, new SeededDraw(_seed, method, callNumber));
    }

    private static Fault? Draw(RandomFaultProfile profile, SeededDraw draw)
    {
        var roll = draw.Next();
        if ((roll -= profile.Reject) < 0)
            return new Fault.Reject(profile.RejectCodes[draw.NextIndex(profile.RejectCodes.Count)], "simulated random reject");
        if ((roll -= profile.AppliedButReplyLost) < 0) return new Fault.AppliedButReplyLost();
        if ((roll -= profile.TimedOutBeforeApplied) < 0) return new Fault.TimedOutBeforeApplied();
        if ((roll -= profile.Latency) < 0) return new Fault.Latency(profile.MaxLatency * draw.Next());
        return null;
    }
}
