namespace Canic.Fsm.Ic.Replica;

/// <summary>
/// Certifies the replies of update calls in rounds, as the IC certifies its state once per round: replies wait for the
/// next round, which collects for <see cref="ReplicaOptions.CertificationRound"/> (or, at zero, starts as soon as the
/// previous one is signed) and signs them together (<see cref="Certifier.CertifyRound"/>). One round runs at a time;
/// an idle replica runs none.
/// </summary>
internal sealed class CertificationRounds(Certifier certifier, TimeSpan collect, TimeProvider time)
{
    private readonly Lock _gate = new();
    private List<Waiting> _next = [];
    private bool _running;

    private sealed record Waiting(byte[] RequestId, IReadOnlyList<StateLeaf> Leaves, TaskCompletionSource<byte[]> Certificate);

    /// <summary>How many rounds were signed (a burst of replies shares few).</summary>
    public long Signed => Interlocked.Read(ref _signed);

    private long _signed;

    /// <summary>The certificate of a request's final status, signed in the next round.</summary>
    public Task<byte[]> CertifyAsync(byte[] requestId, IEnumerable<StateLeaf> leaves)
    {
        var waiting = new Waiting(requestId, [.. leaves], new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _next.Add(waiting);
            start = !_running;
            _running = true;
        }
        // The first round's collection starts with its first reply (not when the thread pool gets to it).
        if (start) _ = RunAsync(Collect());
        return waiting.Certificate.Task;
    }

    private Task Collect() => collect > TimeSpan.Zero ? Task.Delay(collect, time) : Task.CompletedTask;

    private async Task RunAsync(Task collecting)
    {
        await collecting.ConfigureAwait(false);
        await Task.Yield(); // never sign on the thread of the request that started the round
        while (true)
        {
            List<Waiting> round;
            lock (_gate) (round, _next) = (_next, []);
            try
            {
                var certificates = certifier.CertifyRound([.. round.Select(w => (w.RequestId, w.Leaves))]);
                Interlocked.Increment(ref _signed);
                for (var i = 0; i < round.Count; i++) round[i].Certificate.TrySetResult(certificates[i]);
            }
            catch (Exception e)
            {
                foreach (var w in round) w.Certificate.TrySetException(e);
            }
            lock (_gate)
            {
                // Decided under the lock that adds: a reply added after this finds no round running and starts one.
                if (_next.Count == 0)
                {
                    _running = false;
                    return;
                }
            }
            await Collect().ConfigureAwait(false);
        }
    }
}
