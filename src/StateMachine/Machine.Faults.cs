namespace Canic.Fsm.StateMachine;

// Faults are never silent (Rule 8): the loop records the first fault of a start and ends that start in one step
// under the lifecycle lock (Rule 7), then cancels the run; Faulted completes with a result (not an exception),
// so no task exception goes unobserved.
public partial class Machine
{
    private TaskCompletionSource<MachineFaultException>? _faulted;  // completed once the current (or last) start failed

    /// <summary>Why the machine failed since its last <see cref="Start"/>; <c>null</c> while healthy.</summary>
    public MachineFaultException? Fault =>
        Volatile.Read(ref _faulted) is { Task.IsCompletedSuccessfully: true } faulted ? faulted.Task.Result : null;

    /// <summary>
    /// Completes (successfully, with the fault) when the machine fails; never completes for a healthy machine.
    /// Taken before a <see cref="Start"/>, it reports a fault of that start. A failed machine has stopped taking
    /// events and queries return nothing; its run may still be unwinding (<see cref="StopAsync"/> awaits it).
    /// </summary>
    public Task<MachineFaultException> Faulted => FaultedSource().Task;

    private TaskCompletionSource<MachineFaultException> FaultedSource()
    {
        var created = new TaskCompletionSource<MachineFaultException>(TaskCreationOptions.RunContinuationsAsynchronously);
        return Interlocked.CompareExchange(ref _faulted, created, null) ?? created;
    }

    // Records the fault if `start` is still the machine's last start (ending it, if still running); a fault of a
    // start that a newer one has replaced would belong to the wrong start, so it is reported as discarded.
    private void Fail(int start, Exception error, State? state)
    {
        var fault = error as MachineFaultException
            ?? new MachineFaultException($"The machine failed in state {state?.ToString() ?? "(none)"}: {error.Message}", state, error);
        lock (_lifecycle)
        {
            if (start == _starts)
            {
                _state = null;
                FaultedSource().TrySetResult(fault);  // the first fault wins; continuations run elsewhere
                EndStart();
                return;
            }
        }
        try { ReportDiscarded(state, fault); }
        catch (Exception) { /* the observer failed too, and there is no start left to fail */ }
    }

    private void ClearFault()  // under _lifecycle; a waiter that took Faulted before this start keeps waiting
    {
        if (_faulted is { Task.IsCompleted: true } faulted) Interlocked.CompareExchange(ref _faulted, null, faulted);
    }
}
