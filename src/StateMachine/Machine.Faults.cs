namespace Canic.Fsm.StateMachine;

// Faults are never silent: the loop records the first fault, stops taking events, cancels the run,
// and completes Faulted with a result (not an exception), so no task exception goes unobserved.
public partial class Machine
{
    private MachineFaultException? _fault;
    private TaskCompletionSource<MachineFaultException>? _faulted;

    /// <summary>Why the machine failed since its last <see cref="Start"/>; <c>null</c> while healthy.</summary>
    public MachineFaultException? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Completes (successfully, with the fault) when the machine fails; never completes for a healthy
    /// machine. A failed machine has stopped: it drops events and queries return nothing.
    /// </summary>
    public Task<MachineFaultException> Faulted
    {
        get
        {
            var created = new TaskCompletionSource<MachineFaultException>(TaskCreationOptions.RunContinuationsAsynchronously);
            var source = Interlocked.CompareExchange(ref _faulted, created, null) ?? created;
            if (Fault is { } fault) source.TrySetResult(fault);
            return source.Task;
        }
    }

    private void Fail(Exception error, State? state)
    {
        var fault = error as MachineFaultException
            ?? new MachineFaultException($"The machine failed in state {state?.ToString() ?? "(none)"}: {error.Message}", state, error);
        if (Interlocked.CompareExchange(ref _fault, fault, null) is not null) return;
        Volatile.Read(ref _faulted)?.TrySetResult(fault);
    }

    private void ClearFault()
    {
        if (Volatile.Read(ref _fault) is null) return;
        Volatile.Write(ref _faulted, null);
        Volatile.Write(ref _fault, null);
    }
}
