using System.Threading.Channels;

namespace Canic.Fsm.Benchmarks.Engine;

/// <summary>The baseline for transitions: round trips between two tasks over two channels.</summary>
public sealed class PingPong
{
    private readonly Channel<int> _ping;
    private readonly Channel<int> _pong;

    public PingPong(bool synchronousContinuations)
    {
        var options = new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = synchronousContinuations };
        _ping = Channel.CreateUnbounded<int>(options);
        _pong = Channel.CreateUnbounded<int>(options);
        _ = EchoAsync();
    }

    public async Task RoundTripsAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _ping.Writer.TryWrite(i);
            await _pong.Reader.ReadAsync();
        }
    }

    public void Stop() => _ping.Writer.TryComplete();

    private async Task EchoAsync()
    {
        while (await _ping.Reader.WaitToReadAsync())
            while (_ping.Reader.TryRead(out int item))
                _pong.Writer.TryWrite(item);
    }
}
