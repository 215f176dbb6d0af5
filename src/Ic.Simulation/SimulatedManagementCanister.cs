namespace Canic.Fsm.Ic.Simulation;

/// <summary>The management canister of a <see cref="SimulatedIc"/>, called as one principal. Every call checks that the canister exists and the caller controls it.</summary>
internal sealed class SimulatedManagementCanister(SimulatedIc network, Principal caller) : IManagementCanister
{
    public Principal Caller => caller;

    public Task<CanisterStatusResult> CanisterStatusAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        network.Call(IcMethod.CanisterStatus, caller,
            state => Controlled(state, args.CanisterId, IcMethod.CanisterStatus).ToStatus(), cancellationToken);

    public Task UpdateSettingsAsync(UpdateSettingsArgs args, CancellationToken cancellationToken = default) =>
        Change(IcMethod.UpdateSettings, args.CanisterId,
            c => c.Settings = CanisterSettingsRules.Apply(c.Settings, args.Settings, IcMethod.UpdateSettings), cancellationToken);

    public Task InstallCodeAsync(InstallCodeArgs args, CancellationToken cancellationToken = default) =>
        Change(IcMethod.InstallCode, args.CanisterId, c => c.Install(args.Mode, args.WasmModule), cancellationToken);

    public Task UninstallCodeAsync(UninstallCodeArgs args, CancellationToken cancellationToken = default) =>
        Change(IcMethod.UninstallCode, args.CanisterId, c => c.Uninstall(), cancellationToken);

    // No calls are ever open on a simulated canister, so stop goes straight to stopped.
    public Task StopCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        Change(IcMethod.StopCanister, args.CanisterId, c => c.Status = CanisterStatus.Stopped, cancellationToken);

    public Task StartCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        Change(IcMethod.StartCanister, args.CanisterId, c => c.Status = CanisterStatus.Running, cancellationToken);

    public Task DeleteCanisterAsync(CanisterIdRecord args, CancellationToken cancellationToken = default) =>
        network.Call(IcMethod.DeleteCanister, caller, state =>
        {
            var canister = Controlled(state, args.CanisterId, IcMethod.DeleteCanister);
            state.Discarded += canister.Delete();
            state.Changed(canister);
        }, cancellationToken);

    public Task<CanisterIdRecord> ProvisionalCreateCanisterWithCyclesAsync(
        ProvisionalCreateCanisterWithCyclesArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        const IcMethod method = IcMethod.ProvisionalCreateCanisterWithCycles;
        return network.Call(method, caller, state =>
        {
            if (!network.Options.DevelopmentNetwork) throw ManagementRejects.NotDevelopmentNetwork(caller);
            var settings = CanisterSettingsRules.ForNewCanister(caller, args.Settings, method);
            if (args.SpecifiedId is { } specified && state.Canisters.ContainsKey(specified)) throw ManagementRejects.IdTaken(specified);
            var id = args.SpecifiedId ?? state.AllocateCanisterId(method);
            var cycles = args.Amount ?? network.Options.ProvisionalDefaultCycles;
            state.AddCanister(id, settings, cycles);
            state.Minted += cycles;
            return new CanisterIdRecord(id);
        }, cancellationToken);
    }

    private Task Change(IcMethod method, Principal canisterId, Action<SimulatedCanister> change, CancellationToken cancellationToken) =>
        network.Call(method, caller, state =>
        {
            var canister = Controlled(state, canisterId, method);
            change(canister);
            state.Changed(canister);
        }, cancellationToken);

    private SimulatedCanister Controlled(NetworkState state, Principal canisterId, IcMethod method)
    {
        if (!state.Canisters.TryGetValue(canisterId, out var canister) || canister.Deleted)
            throw ManagementRejects.NotFound(method, canisterId);
        return canister.IsController(caller) ? canister : throw ManagementRejects.NotController(method, canisterId, caller);
    }
}
