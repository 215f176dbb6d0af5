using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Canic.Fsm.Worker.Tests.Support;

/// <summary>
/// A <c>canic-fsm run</c> process on its own temporary database, simulated IC state file and free loopback
/// port, with an API token, and an HTTP client that sends it. Restartable on the same files.
/// </summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";
    public const int MinimumSize = 3;

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("canic-worker-").FullName;
    private readonly int _port = FreePort.Next();

    public WorkerProcess Process { get; private set; } = null!;

    public string Url => $"http://127.0.0.1:{_port}";

    public string DatabasePath => Path.Combine(_directory, "worker.db");

    public string IcStatePath => Path.Combine(_directory, "ic.db");

    /// <summary>The temporary directory holding the worker's files.</summary>
    public string Directory => _directory;

    public HttpClient Http { get; private set; } = null!;

    private RunningWorker(IReadOnlyList<string> extraArguments) => ExtraArguments = extraArguments;

    /// <summary>Arguments after the defaults (they win), for the next <see cref="StartProcessAsync"/>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; set; }

    /// <summary>Starts a worker; <paramref name="extraArguments"/> (e.g. <c>--Ic:FaultPlan:Reject=0.1</c>) come last and win.</summary>
    public static async Task<RunningWorker> StartAsync(params string[] extraArguments)
    {
        var worker = new RunningWorker(extraArguments);
        await worker.StartProcessAsync();
        return worker;
    }

    /// <summary>The arguments of <c>canic-fsm run</c> on this worker's files, port and token.</summary>
    public IReadOnlyList<string> RunArguments =>
    [
        "run",
        $"--Database:Path={DatabasePath}",
        $"--Ic:StateFile={IcStatePath}",
        $"--Admin:Url={Url}",
        $"--Admin:ApiToken={Token}",
        $"--Pool:MinimumSize={MinimumSize}",
        "--Pool:CheckInterval=00:00:00.200",
        $"--Roles:app:ModulePath={TestModule.WriteTo(_directory)}",
        .. ExtraArguments,
    ];

    public async Task StartProcessAsync()
    {
        Process = WorkerProcess.Start(RunArguments);
        Http?.Dispose();
        Http = WorkerProcess.Client(Url, Token);
        await Eventually.Until(async () => Process.HasExited ? -1 : await StatusOf("/ready"), s => s is 200 or -1,
            TimeSpan.FromSeconds(60), "worker ready");
        if (Process.HasExited) Assert.Fail($"the worker exited at start:\n{Process.Output}");
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET {path}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"POST {path}: {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<int> StatusOf(string path)
    {
        try
        {
            using var response = await Http.GetAsync(path);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Process is not null) await Process.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
