namespace Canic.Fsm.Ic;

/// <summary>Candid <c>record { canister_id: principal }</c>, the argument and result of several management methods.</summary>
/// <param name="CanisterId">The canister.</param>
public sealed record CanisterIdRecord(Principal CanisterId);
