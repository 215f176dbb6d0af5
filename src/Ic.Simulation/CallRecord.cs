namespace Canic.Fsm.Ic.Simulation;

/// <summary>One call the simulated IC received, in arrival order.</summary>
/// <param name="Sequence">The position of the call among all calls (1-based).</param>
/// <param name="Method">The method called.</param>
/// <param name="CallNumber">The position among calls of this method (1-based): the key of <see cref="FaultPlan.On"/>.</param>
/// <param name="Caller">The caller principal.</param>
/// <param name="Fault">The fault injected, or null.</param>
public sealed record CallRecord(long Sequence, IcMethod Method, long CallNumber, Principal Caller, Fault? Fault);
