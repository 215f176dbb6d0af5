using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Worker.Cli;
using Canic.Fsm.Worker.Tests.Support;

namespace Canic.Fsm.Worker.Tests.Configuration;

/// <summary>
/// <c>canic-fsm run --Ic:Backend=http</c> with a bad value: refused at start with its key and reason, nothing opened
/// and no connection made; and <c>canic-fsm identity</c> prints who a PEM file is.
/// </summary>
public sealed class HttpBackendConfigurationTests
{
    private static readonly byte[] Seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private string _dir = null!;
    private string _database = null!;
    private string _pem = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Directory.CreateTempSubdirectory("canic-http-config-").FullName;
        _database = Path.Combine(_dir, "worker.db");
        _pem = Path.Combine(_dir, "identity.pem");
        byte[] der = [.. Convert.FromHexString("302e020100300506032b657004220420"), .. Seed];
        File.WriteAllText(_pem, $"-----BEGIN PRIVATE KEY-----\n{Convert.ToBase64String(der)}\n-----END PRIVATE KEY-----\n");
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static string Principal => Ed25519Identity.FromSeed(Seed).Sender.ToString();

    private string[] Run(params string[] overrides) =>
    [
        "run", $"--Database:Path={_database}", $"--Admin:Url=http://127.0.0.1:{FreePort.Next()}", $"--Roles:app:ModulePath={TestModule.WriteTo(_dir)}",
        "--Ic:Backend=http", "--Ic:Url=http://127.0.0.1:1", $"--Ic:IdentityPem={_pem}", "--Ic:Network=local", .. overrides,
    ];

    private static async Task<(int Code, string Output, string Error)> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CanicCommandLine.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [TestCase("--Ic:Url=", "Ic:Url", "required with Ic:Backend=http")]
    [TestCase("--Ic:Url=ftp://x", "Ic:Url", "not an absolute http:// or https:// address")]
    [TestCase("--Ic:IdentityPem=", "Ic:IdentityPem", "required with Ic:Backend=http")]
    [TestCase("--Ic:IdentityPem=/no/such/identity.pem", "Ic:IdentityPem", "does not exist")]
    [TestCase("--Ic:Network=", "Ic:Network", "required with Ic:Backend=http: mainnet or local")]
    [TestCase("--Ic:Network=testnet", "Ic:Network", "'testnet' is not one of: mainnet, local")]
    [TestCase("--Ic:RootKey=abcd", "Ic:RootKey", "not the hex of a 133-byte DER BLS12-381 key")]
    [TestCase("--Ic:ProvisionalEffectiveCanisterId=nope", "Ic:ProvisionalEffectiveCanisterId", "'nope' is not a principal")]
    [TestCase("--Ic:LedgerId=nope", "Ic:LedgerId", "'nope' is not a principal")]
    [TestCase("--Ic:CreationFee=5Q", "Ic:CreationFee", "is not an amount of cycles")]
    [TestCase("--Ic:PollTimeout=00:00:00", "Ic:PollTimeout", "is not positive")]
    [TestCase("--Ic:FaultPlan:Reject=0.1", "Ic:FaultPlan", "only for Ic:Backend=simulated")]
    [TestCase("--Principal=rwlgt-iiaaa-aaaaa-aaaaa-cai", "Principal", "is not the principal of Ic:IdentityPem")]
    public async Task A_bad_http_value_is_named_with_its_reason_and_nothing_is_opened(string value, string key, string reason)
    {
        var (code, _, error) = await InvokeAsync(Run(value));

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage), error);
        Assert.That(error, Does.Contain($"  - {key}: ").And.Contain(reason));
        Assert.That(File.Exists(_database), Is.False, "the database must not be created");
    }

    [Test]
    public async Task Mainnet_refuses_a_configured_root_key_and_provisional_creation()
    {
        var key = "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100" + new string('a', 192);

        var (code, _, error) = await InvokeAsync(Run("--Ic:Network=mainnet", $"--Ic:RootKey={key}", "--Network=development"));

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage));
        Assert.That(error, Does.Contain("  - Ic:RootKey: never with Ic:Network=mainnet").And.Contain("  - Network: 'development' creates canisters"));
    }

    [Test]
    public async Task A_PEM_that_holds_no_key_is_refused_with_the_file_named()
    {
        File.WriteAllText(_pem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        var (code, _, error) = await InvokeAsync(Run());

        Assert.That(code, Is.EqualTo(ExitCodes.BadUsage));
        Assert.That(error, Does.Contain("  - Ic:IdentityPem: Identity file ").And.Contain(_pem));
    }

    [Test]
    public async Task An_unreachable_local_replica_stops_the_worker_with_the_url_named()
    {
        var (code, output, error) = await InvokeAsync(Run());

        Assert.That(code, Is.EqualTo(ExitCodes.Refused), output + error);
        Assert.That(File.Exists(_database), Is.False, "the orchestrator never opened");
    }

    [Test]
    public async Task The_identity_verb_prints_the_principal_and_the_ledger_account()
    {
        var (code, output, error) = await InvokeAsync("identity", _pem, "--json");

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), error);
        var json = System.Text.Json.Nodes.JsonNode.Parse(output)!;
        Assert.That(json["principal"]!.GetValue<string>(), Is.EqualTo(Principal));
        Assert.That(json["ledgerAccount"]!.GetValue<string>(), Is.EqualTo(Principal));
        Assert.That(json["keyType"]!.GetValue<string>(), Is.EqualTo("Ed25519"));
        var refused = await InvokeAsync("identity", Path.Combine(_dir, "missing.pem"));
        Assert.That(refused.Code, Is.EqualTo(ExitCodes.Refused));
        Assert.That(refused.Error, Does.Contain("missing.pem"));
    }
}
