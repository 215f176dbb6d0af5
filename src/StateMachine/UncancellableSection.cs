namespace Canic.Fsm.StateMachine;

/// <summary>An open uncancellable section of a <see cref="Machine"/>; dispose it to close it.</summary>
public sealed class UncancellableSection : IDisposable
{
    private readonly Machine _machine;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal UncancellableSection(Machine machine, Task? outer)
    {
        _machine = machine;
        Outer = outer;
    }

    internal Task? Outer { get; }

    internal Task Closed => _closed.Task;

    /// <summary>Closes the section; a transition that was waiting for it now cancels the run.</summary>
    public void Dispose()
    {
        if (_closed.Task.IsCompleted) return;
        _machine.Close(this);
        _closed.TrySetResult();
    }
}
