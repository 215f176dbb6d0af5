namespace Canic.Fsm.Ic;

/// <summary>Candid <c>SubnetSelection</c> of the cycles ledger's <c>create_canister</c>.</summary>
public abstract record SubnetSelection
{
    private SubnetSelection() { }

    /// <summary>Create on this subnet.</summary>
    /// <param name="SubnetId">The subnet.</param>
    public sealed record Subnet(Principal SubnetId) : SubnetSelection;

    /// <summary>Create on a subnet of this type.</summary>
    /// <param name="SubnetType">The subnet type, e.g. <c>fiduciary</c>; null for any.</param>
    public sealed record Filter(string? SubnetType) : SubnetSelection;
}
