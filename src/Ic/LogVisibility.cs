namespace Canic.Fsm.Ic;

/// <summary>Candid <c>log_visibility</c>: who may read a canister's logs.</summary>
public abstract record LogVisibility
{
    private LogVisibility() { }

    /// <summary>Only the controllers (the IC's default).</summary>
    public sealed record Controllers : LogVisibility;

    /// <summary>Anyone.</summary>
    public sealed record Public : LogVisibility;

    /// <summary>The controllers and the listed viewers.</summary>
    /// <param name="Viewers">The allowed viewers.</param>
    public sealed record AllowedViewers(IReadOnlyList<Principal> Viewers) : LogVisibility;
}
