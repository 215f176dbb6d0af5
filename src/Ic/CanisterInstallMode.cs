namespace Canic.Fsm.Ic;

/// <summary>Candid <c>canister_install_mode</c>: <c>install</c>, <c>reinstall</c> or <c>upgrade</c>.</summary>
public abstract record CanisterInstallMode
{
    private CanisterInstallMode() { }

    /// <summary>The Candid name of the mode.</summary>
    public abstract string CandidName { get; }

    /// <summary><c>install</c>: only on an empty canister.</summary>
    public sealed record Install : CanisterInstallMode
    {
        /// <inheritdoc />
        public override string CandidName => "install";
    }

    /// <summary><c>reinstall</c>: replaces the module and wipes all state, empty or not.</summary>
    public sealed record Reinstall : CanisterInstallMode
    {
        /// <inheritdoc />
        public override string CandidName => "reinstall";
    }

    /// <summary><c>upgrade</c>: replaces the module of a non-empty canister, keeping stable memory.</summary>
    /// <param name="SkipPreUpgrade"><c>skip_pre_upgrade</c>.</param>
    /// <param name="WasmMemoryPersistence"><c>wasm_memory_persistence</c>.</param>
    public sealed record Upgrade(bool? SkipPreUpgrade = null, WasmMemoryPersistence? WasmMemoryPersistence = null) : CanisterInstallMode
    {
        /// <inheritdoc />
        public override string CandidName => "upgrade";
    }
}

/// <summary>Candid <c>wasm_memory_persistence</c> of an upgrade.</summary>
public enum WasmMemoryPersistence
{
    /// <summary><c>keep</c>: keep the Wasm heap (enhanced orthogonal persistence).</summary>
    Keep,

    /// <summary><c>replace</c>: start with a fresh heap.</summary>
    Replace,
}
