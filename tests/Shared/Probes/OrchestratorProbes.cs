using Canic.Fsm.Orchestration;
using Canic.Fsm.Orchestration.Pool;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.Orchestration.Store;

namespace Canic.Fsm.Tests.Shared;

/// <summary>
/// What tests and benchmarks read of a running orchestrator beyond its public surface, and the waits they use instead
/// of sleeping. Kept here, beside the harnesses, so that the product carries none of it.
/// </summary>
internal static class OrchestratorProbes
{
    extension(Orchestrator o)
    {
        /// <summary>Reads and units of work of its store (and the count of those committed).</summary>
        public Persistence Persistence => o.Parts.Persistence;

        /// <summary>The store itself (a test that kills an instance closes it by hand).</summary>
        public OrchestrationStore Store => o.Parts.Store;

        /// <summary>The pool canister machines.</summary>
        public PoolCanisters PoolMachines => o.Parts.Canisters;

        /// <summary>Attempt machines running now.</summary>
        public int RunningAttempts => o.Parts.Attempts.Running;

        /// <summary>Pool check passes started so far.</summary>
        public int PoolCheckPasses => o.Parts.Maintenance.Passes;

        /// <summary>Waits until no background work (triggered checks included) runs.</summary>
        public Task WhenBackgroundIdleAsync() => o.Parts.Background.WhenIdleAsync();

        /// <summary>Runs one pool check and waits for it.</summary>
        public Task CheckOnceAsync(CancellationToken cancellationToken = default) => o.Parts.Maintenance.CheckAsync(cancellationToken);

        /// <summary>Completes once every pool canister machine has handled the events queued before this call.</summary>
        public Task WhenPoolMachinesProcessedAsync()
        {
            var countdown = new ProcessedCountdown();
            foreach (var machine in o.Parts.Canisters.Machines) countdown.Add(machine);
            return countdown.CloseAsync();
        }

        /// <summary>Runs checks until a pass changes nothing and no machine or background work runs.</summary>
        public async Task RunToQuiescenceAsync(int maxPasses = 50)
        {
            var parts = o.Parts;
            for (var pass = 0; pass < maxPasses; pass++)
            {
                var before = parts.Persistence.Commits;
                await parts.Maintenance.CheckAsync(CancellationToken.None).ConfigureAwait(false);
                await parts.Attempts.WhenAllSettledAsync().ConfigureAwait(false);
                await parts.Background.WhenIdleAsync().ConfigureAwait(false);
                if (parts.Persistence.Commits == before && parts.Attempts.Running == 0 && parts.Canisters.Resetting == 0) return;
            }
            throw new TimeoutException($"The orchestrator did not reach quiescence within {maxPasses} passes.");
        }
    }
}
