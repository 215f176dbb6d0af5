namespace Canic.Fsm.Worker.Tests.Support;

/// <summary>Awaits a condition with a timeout by polling it: the tests never sleep and hope.</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T?>> probe, Func<T?, bool> done, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        T? last = default;
        while (!deadline.IsCancellationRequested)
        {
            last = await probe();
            if (done(last)) return last!;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds:0.#} s; last seen: {last}");
    }
}
