using Microsoft.Extensions.Logging;
using System.Diagnostics;
using Canic.Fsm.Orchestration.Telemetry;
using System.Collections.Concurrent;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Runtime;
using Canic.Fsm.StateMachine;

namespace Canic.Fsm.Orchestration.Provisioning;

/// <summary>
/// The live attempt machines, at most one per attempt. A machine that ends (Committed, Failed, Blocked)
/// or stalls is stopped and forgotten; a stalled attempt is resumed from the store by the next check.
/// </summary>
internal sealed class AttemptRunner(IReadOnlyDictionary<string, RoleConfig> roles, Persistence persistence, ILogger logger, AttemptSteps steps)
{
    private readonly ConcurrentDictionary<string, AttemptMachine> _machines = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new();
    private readonly ConcurrentDictionary<AttemptMachine, Activity> _spans = new();

    public int Running => _machines.Count;

    /// <summary>Starts a machine for <paramref name="attempt"/> in <paramref name="initial"/> unless one runs already.</summary>
    public void Start(ProvisioningAttempt attempt, State initial)
    {
        if (!roles.TryGetValue(attempt.Role, out var role))
        {
            logger.LogAttemptRoleMissing(attempt.Id, attempt.Role);
            return;
        }
        var machine = new AttemptMachine(steps, attempt, role);
        if (!_machines.TryAdd(attempt.Id, machine)) return;
        var caller = Activity.Current;
        if (AttemptSpans.Start(attempt, initial) is { } span) _spans[machine] = span;
        machine.Finished.ContinueWith(_ => Forget(attempt.Id, machine), TaskScheduler.Default);
        machine.Faulted.ContinueWith(_ => Forget(attempt.Id, machine), TaskScheduler.Default);
        // The scheduler loop keeps the execution context of this call: the span is the parent of every IC call the attempt makes.
        try { machine.Start(initial); }
        finally { Activity.Current = caller; }
    }

    /// <summary>Resumes every unfinished attempt of the store that has no running machine; returns how many.</summary>
    public int ResumeUnfinished()
    {
        var (active, creations) = persistence.Read(r =>
        {
            var list = r.Attempts.ListActive().Where(a => AttemptResumption.Resumes(a.State) && !_machines.ContainsKey(a.Id)).ToList();
            var records = list.Where(a => a.CreationId is not null).ToDictionary(a => a.Id, a => r.Creations.Get(a.CreationId!));
            return (list, records);
        });
        foreach (var attempt in active)
            Start(attempt, AttemptResumption.ResumeState(attempt, creations.GetValueOrDefault(attempt.Id)));
        return active.Count;
    }

    /// <summary>Completes when the attempt's machine ends (or at once when none runs).</summary>
    public Task WhenSettledAsync(string attemptId)
    {
        if (!_machines.ContainsKey(attemptId)) return Task.CompletedTask;
        var waiter = _waiters.GetOrAdd(attemptId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_machines.ContainsKey(attemptId)) waiter.TrySetResult();
        return waiter.Task;
    }

    /// <summary>Completes when no machine runs.</summary>
    public async Task WhenAllSettledAsync()
    {
        while (!_machines.IsEmpty)
            await Task.WhenAll(_machines.Keys.Select(WhenSettledAsync)).ConfigureAwait(false);
    }

    /// <summary>Stops every machine; the spans of attempts still running end too (without a final state: they resume later).</summary>
    public async Task StopAllAsync()
    {
        var machines = _machines.Values.ToList();
        await Task.WhenAll(machines.Select(m => m.StopAsync())).ConfigureAwait(false);
        foreach (var machine in machines) EndSpan(machine);
    }

    private void EndSpan(AttemptMachine machine)
    {
        if (_spans.TryRemove(machine, out var span)) AttemptSpans.End(span, machine);
    }

    private void Forget(string id, AttemptMachine machine)
    {
        // Stop outside the machine's own run (a run must not await its own stop).
        _ = Task.Run(async () =>
        {
            await machine.StopAsync().ConfigureAwait(false);
            EndSpan(machine);
            _machines.TryRemove(new KeyValuePair<string, AttemptMachine>(id, machine));
            if (_waiters.TryRemove(id, out var waiter)) waiter.TrySetResult();
        });
    }
}
