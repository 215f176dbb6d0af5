using Canic.Fsm.Worker.Cli;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests;

/// <summary>
/// <c>canic-fsm run</c> with a bad value: the value's key and the reason are printed, the exit code is
/// non-zero, and no database file is created.
/// </summary>
public sealed class ConfigurationValidationTests
{
    private string _dir = null!;
    private string _database = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Directory.CreateTempSubdirectory("canic-config-").FullName;
        _database = Path.Combine(_dir, "worker.db");
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string[] Run(params string[] overrides) =>
    [
        "run", $"--Database:Path={_database}", $"--Ic:StateFile={Path.Combine(_dir, "ic.db")}",
        $"--Admin:Url=http://127.0.0.1:{FreePort.Next()}", $"--Roles:app:ModulePath={TestModule.WriteTo(_dir)}", .. overrides,
    ];

    private async Task<(int Code, string Error)> InvokeAsync(string[] args)
    {
        var error = new StringWriter();
        var code = await CanicCommandLine.InvokeAsync(args, TextWriter.Null, error);
        return (code, error.ToString());
    }

    [TestCase("--Ic:InitialBalance=5X", "Ic:InitialBalance", "unknown suffix 'X'")]
    [TestCase("--Ic:Backend=mainnet", "Ic:Backend", "unknown backend 'mainnet'")]
    [TestCase("--Ic:FaultPlan:Reject=1.5", "Ic:FaultPlan:Reject", "1.5 is not a probability")]
    [TestCase("--Ic:FaultPlan:Seed=abc", "Ic:FaultPlan:Seed", "abc")]
    [TestCase("--Admin:Url=http://0.0.0.0:5080", "Admin:ApiToken", "not a loopback address")]
    [TestCase("--Admin:Url=not a url", "Admin:Url", "not an absolute http")]
    [TestCase("--Admin:ApiToken=   ", "Admin:ApiToken", "is only whitespace")]
    [TestCase("--Admin:ApiToken= 0123456789abcdef ", "Admin:ApiToken", "starts or ends with whitespace")]
    [TestCase("--Admin:AllowedHosts:0=http://canic.example:5080", "Admin:AllowedHosts:0", "is not a host name")]
    [TestCase("--Pool:MinimumSize=11", "Pool:MinimumSize", "is greater than Pool:MaximumSize (10)")]
    [TestCase("--ScalingPools:workers:CanisterRole=nope", "ScalingPools:workers:CanisterRole", "'nope' is not a configured role")]
    [TestCase("--Roles:app:ModulePath=/no/such/module.wasm", "Roles:app:ModulePath", "cannot be read")]
    [TestCase("--Principal=not-a-principal", "Principal", "")]
    [TestCase("--Pool:CanisterCycles=5Q", "Pool:CanisterCycles", "unknown suffix 'Q'")]
    [TestCase("--Pool:MaximumSize=ten", "Pool:MaximumSize", "ten")]
    public async Task A_bad_value_is_named_with_its_reason_and_nothing_is_opened(string value, string key, string reason)
    {
        var (code, error) = await InvokeAsync(Run(value));

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage));
        Assert.That(error, Does.Contain($"  - {key}").And.Contain(reason));
        Assert.That(File.Exists(_database), Is.False, "the database must not be created");
    }

    [TestCase("x")]
    [TestCase("0123456789abcde")]
    public async Task A_token_shorter_than_16_characters_is_refused_when_the_API_is_off_loopback(string token)
    {
        var (code, error) = await InvokeAsync(Run("--Admin:Url=http://0.0.0.0:5080", $"--Admin:ApiToken={token}"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage));
        Assert.That(error, Does.Contain($"  - Admin:ApiToken: is {token.Length} characters long; at least 16"));
        Assert.That(File.Exists(_database), Is.False);
    }

    [Test]
    public async Task Every_bad_value_is_reported_not_just_the_first()
    {
        var (code, error) = await InvokeAsync(Run("--Ic:InitialBalance=-1", "--Database:Path=/no/such/dir/x.db", "--Admin:Url=http://10.1.2.3:80"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage));
        Assert.That(error, Does.Contain("Ic:InitialBalance: ").And.Contain("Database:Path: directory '/no/such/dir' does not exist")
            .And.Contain("Admin:ApiToken: "));
        Assert.That(error, Does.Contain("3 problems"));
    }

    [Test]
    public async Task The_real_process_exits_non_zero_without_creating_the_database()
    {
        var (code, output) = await WorkerProcess.RunToEndAsync(Run("--Ic:InitialBalance=lots"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage), output);
        Assert.That(output, Does.Contain("Ic:InitialBalance: Invalid cycles amount 'lots'"));
        Assert.That(File.Exists(_database), Is.False);
        Assert.That(File.Exists(Path.Combine(_dir, "ic.db")), Is.False, "nor the simulated IC's state file");
    }
}
