using System.Net.Http.Json;
using Canic.Fsm.Ic.Identity;

namespace Canic.Fsm.Worker.Tests.Support;

/// <summary>
/// A real <c>canic-fsm replica</c> process on a free loopback port, with its state and key files in a temporary
/// directory (so a restart keeps its canisters and its root key), and an Ed25519 identity PEM the worker signs with,
/// whose ledger account the replica credits at start.
/// </summary>
internal sealed class ReplicaProcess : IAsyncDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("canic-replica-").FullName;
    private readonly int _port = FreePort.Next();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public WorkerProcess Process { get; private set; } = null!;

    public string Url => $"http://127.0.0.1:{_port}";

    public string StatePath => Path.Combine(_directory, "replica.db");

    public string IdentityPath => Path.Combine(_directory, "identity.pem");

    /// <summary>The worker's identity.</summary>
    public Ed25519Identity Identity { get; }

    private ReplicaProcess(byte[] seed)
    {
        Identity = Ed25519Identity.FromSeed(seed);
        // PKCS#8 (RFC 8410), as `openssl genpkey -algorithm ed25519` writes it.
        byte[] der = [.. Convert.FromHexString("302e020100300506032b657004220420"), .. seed];
        File.WriteAllText(IdentityPath, $"-----BEGIN PRIVATE KEY-----\n{Convert.ToBase64String(der)}\n-----END PRIVATE KEY-----\n");
    }

    /// <summary>The arguments of <c>canic-fsm run</c> that point a worker at this replica.</summary>
    public string[] WorkerArguments =>
        ["--Ic:Backend=http", $"--Ic:Url={Url}", $"--Ic:IdentityPem={IdentityPath}", "--Ic:Network=local", "--Ic:PollTimeout=00:00:10"];

    public static async Task<ReplicaProcess> StartAsync(params string[] extraArguments)
    {
        var replica = new ReplicaProcess(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await replica.StartProcessAsync(extraArguments);
        return replica;
    }

    public async Task StartProcessAsync(params string[] extraArguments)
    {
        Process = WorkerProcess.Start(["replica", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state-file", StatePath, "--mint", $"{Identity.Sender}=1000000T", .. extraArguments]);
        await Eventually.Until(async () => Process.HasExited ? -1 : await StatusAsync(), s => s is 200 or -1, TimeSpan.FromSeconds(60), "replica ready");
        if (Process.HasExited) Assert.Fail($"the replica exited at start:\n{Process.Output}");
    }

    /// <summary>Sets the replica's HTTP faults (<c>PUT /_/faults</c>).</summary>
    public async Task SetFaultsAsync(object faults)
    {
        using var response = await _http.PutAsJsonAsync($"{Url}/_/faults", faults);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private async Task<int> StatusAsync()
    {
        try
        {
            using var response = await _http.GetAsync($"{Url}/api/v2/status");
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (Process is not null) await Process.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
