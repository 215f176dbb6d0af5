using System.Diagnostics;
using Canic.Fsm.Ic.Replica.Tests.Support;

namespace Canic.Fsm.Ic.Replica.Tests;

/// <summary>
/// How the replica serves connections under a burst: a listen backlog large enough for a thousand clients connecting
/// at once (an overflowed accept queue drops the SYN, and the client retries only after a second), and answers that
/// announce their length (sent in one piece, read by the client into one array).
/// </summary>
public sealed class ReplicaConnectionTests
{
    [Test]
    public async Task The_replica_listens_with_the_configured_backlog()
    {
        var replica = new ReplicaServer(new Simulation.SimulatedIc(), ReplicaKeys.Random(), new ReplicaOptions { Port = 0, ListenBacklog = 3000 });
        try
        {
            await replica.StartAsync();
            // ss shows a listening socket's backlog as its Send-Q; the kernel caps it at net.core.somaxconn.
            var somaxconn = int.Parse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim());
            var backlog = ListenBacklog(replica.BaseAddress.Port);
            Assert.That(backlog, Is.EqualTo(Math.Min(3000, somaxconn)));
            Assert.That(backlog, Is.GreaterThan(512), "more than Kestrel's default (on a kernel that allows it)");
        }
        finally
        {
            await Replicas.StopAsync(replica);
        }
    }

    private static int ListenBacklog(int port)
    {
        ProcessStartInfo start = new("ss", ["-ltnH", $"sport = :{port}"]) { RedirectStandardOutput = true };
        Process? process = null;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("ss (iproute2) is not installed: the backlog cannot be read");
        }
        var output = process!.StandardOutput.ReadToEnd();
        process.WaitForExit();
        // "LISTEN 0 3000 127.0.0.1:port 0.0.0.0:*": state, Recv-Q, Send-Q (the backlog), ...
        var fields = output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.That(fields, Has.Length.GreaterThanOrEqualTo(3), $"ss printed: {output}");
        return int.Parse(fields[2]);
    }

    [TestCase(0)]
    [TestCase(65536)]
    public void A_backlog_outside_1_to_65535_is_refused(int backlog)
    {
        var e = Assert.Throws<ArgumentException>(() => new ReplicaOptions { ListenBacklog = backlog }.Validate());
        Assert.That(e!.Message, Does.Contain("ListenBacklog"));
    }

    [Test]
    public async Task A_cbor_answer_announces_its_length()
    {
        var replica = await Replicas.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = replica.BaseAddress };
            using var response = await http.GetAsync("api/v2/status");
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Multiple(() =>
            {
                Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(body.Length));
                Assert.That(response.Headers.TransferEncodingChunked, Is.Not.True);
            });
        }
        finally
        {
            await Replicas.StopAsync(replica);
        }
    }
}
