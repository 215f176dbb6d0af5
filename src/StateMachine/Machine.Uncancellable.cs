namespace Canic.Fsm.StateMachine;

// A non-idempotent call (a payment, a create) must not be cancelled half-way: while a section is
// open, a transition or a stop waits for it to close before it cancels the run.
public partial class Machine
{
    private Task? _section;  // the innermost open section; a closed one left behind is harmless

    /// <summary>
    /// Opens an uncancellable section, closed by disposing the result: until then, a transition or a
    /// stop waits before cancelling the run. Pass <see cref="CancellationToken.None"/> (not the run's
    /// token) to the calls inside; check the run's token before opening to skip work already moot.
    /// </summary>
    /// <returns>The open section; dispose it to let a waiting transition proceed.</returns>
    public UncancellableSection Uncancellable()
    {
        var section = new UncancellableSection(this, Volatile.Read(ref _section));
        Volatile.Write(ref _section, section.Closed);
        return section;
    }

    /// <summary>Runs <paramref name="body"/> inside an uncancellable section (see <see cref="Uncancellable"/>).</summary>
    /// <typeparam name="T">The body's result.</typeparam>
    /// <param name="body">The call that must not be cancelled half-way.</param>
    /// <returns>The body's result.</returns>
    public async Task<T> RunUncancellableAsync<T>(Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using (Uncancellable()) return await body().ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="body"/> inside an uncancellable section (see <see cref="Uncancellable"/>).</summary>
    /// <param name="body">The call that must not be cancelled half-way.</param>
    /// <returns>A task that completes with the body.</returns>
    public async Task RunUncancellableAsync(Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using (Uncancellable()) await body().ConfigureAwait(false);
    }

    internal void Close(UncancellableSection section) =>
        Interlocked.CompareExchange(ref _section, section.Outer, section.Closed);

    private bool HasOpenSection => Volatile.Read(ref _section) is { IsCompleted: false };

    private async Task CancelAfterSectionsAsync()
    {
        while (Volatile.Read(ref _section) is { IsCompleted: false } open)
            await open.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CancelRun().ConfigureAwait(false);
    }
}
