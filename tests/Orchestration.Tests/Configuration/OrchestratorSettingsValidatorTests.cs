using System.IO.Compression;
using System.Security.Cryptography;
using Canic.Fsm.Orchestration.Configuration;
using Canic.Fsm.Ic;

namespace Canic.Fsm.Orchestration.Tests.Configuration;

public class OrchestratorSettingsValidatorTests
{
    private const string Orchestrator = "rwlgt-iiaaa-aaaaa-aaaaa-cai";
    private const string Controller = "ryjl3-tyaaa-aaaaa-aaaba-cai";
    private static readonly byte[] Wasm = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("canic-config-").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, "modules"));
        File.WriteAllBytes(Path.Combine(_dir, "modules", "app.wasm"), Wasm);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static OrchestratorOptions Valid() => new()
    {
        Principal = Orchestrator,
        Network = "Mainnet",
        Pool = new PoolOptions { MinimumSize = 2, MaximumSize = 4, CanisterCycles = "2.5T", CheckInterval = "00:01:00" },
        Roles = new()
        {
            ["app"] = new RoleOptions { ModulePath = "modules/app.wasm", InitialCycles = "1T", Budget = "10T", Controllers = [Controller], Singleton = true },
        },
        ScalingPools = new()
        {
            ["notes"] = new ScalingPoolOptions { CanisterRole = "app", InitialWorkers = 2, MinWorkers = 1, MaxWorkers = 0, CapacityBytes = 2_000_000_000, ScaleOutAt = 0.9 },
        },
    };

    private IReadOnlyList<string> Problems(OrchestratorOptions options) =>
        Assert.Throws<OrchestratorConfigurationException>(() => OrchestratorSettingsValidator.Validate(options, _dir))!
            .Problems.Select(p => p.Message).ToList();

    [Test]
    public void A_valid_configuration_becomes_typed_settings()
    {
        var settings = OrchestratorSettingsValidator.Validate(Valid(), _dir);
        var role = settings.Roles["app"];
        var pool = settings.Scaling!.Pools["notes"];
        Assert.Multiple(() =>
        {
            Assert.That(settings.Principal, Is.EqualTo(Principal.Parse(Orchestrator)));
            Assert.That(settings.Network, Is.EqualTo(IcNetwork.Mainnet));
            Assert.That(settings.Pool, Is.EqualTo(new PoolSettings(2, 4, Cycles.Parse("2.5T"), TimeSpan.FromMinutes(1))));
            Assert.That(role.ModulePath, Is.EqualTo(Path.Combine(_dir, "modules", "app.wasm")));
            Assert.That(role.Module.ToArray(), Is.EqualTo(Wasm));
            Assert.That(role.ModuleHash.ToArray(), Is.EqualTo(SHA256.HashData(Wasm)));
            Assert.That(role.ModuleHashHex, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Wasm))));
            Assert.That(role.InitialCycles, Is.EqualTo(Cycles.Parse("1T")));
            Assert.That(role.Budget, Is.EqualTo(Cycles.Parse("10T")));
            Assert.That(role.Controllers, Is.EqualTo(new[] { Principal.Parse(Controller) }));
            Assert.That(role.Singleton, Is.True);
            Assert.That(pool, Is.EqualTo(new ScalingPoolSettings("notes", "app", 2, 1, 0, 2_000_000_000UL, 0.9)));
        });
    }

    [Test]
    public void Defaults_give_a_development_pool_and_no_scaling()
    {
        var settings = OrchestratorSettingsValidator.Validate(new OrchestratorOptions { Principal = Orchestrator }, _dir);
        Assert.That(settings.Network, Is.EqualTo(IcNetwork.Development));
        Assert.That(settings.Pool, Is.EqualTo(new PoolSettings(5, 10, Cycles.Parse("500B"), TimeSpan.FromSeconds(30))));
        Assert.That(settings.Roles, Is.Empty);
        Assert.That(settings.Scaling, Is.Null, "no ScalingPools section: scaling disabled");
    }

    [Test]
    public void An_empty_scaling_section_enables_scaling_with_no_pool()
    {
        var options = Valid();
        options.ScalingPools = [];
        Assert.That(OrchestratorSettingsValidator.Validate(options, _dir).Scaling!.Pools, Is.Empty);
    }

    [Test]
    public void An_absolute_path_and_a_gzipped_module_are_accepted()
    {
        var gz = Path.Combine(_dir, "app.wasm.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            zip.Write(Wasm);
        var options = Valid();
        options.Roles["app"].ModulePath = gz;
        Assert.That(OrchestratorSettingsValidator.Validate(options, "/nonexistent").Roles["app"].ModulePath, Is.EqualTo(gz));
    }

    [Test]
    public void Every_problem_is_reported_at_once_naming_its_key()
    {
        File.WriteAllText(Path.Combine(_dir, "modules", "text.wasm"), "hello");
        var options = new OrchestratorOptions
        {
            Principal = "not-a-principal",
            Network = "testnet",
            Pool = new PoolOptions { MinimumSize = 7, MaximumSize = 5, CanisterCycles = "5X", CheckInterval = "soon" },
            Roles = new()
            {
                ["app"] = new RoleOptions { ModulePath = "/x.wasm", InitialCycles = "5T", Budget = "1T", Controllers = ["bad"] },
                ["text"] = new RoleOptions { ModulePath = "modules/text.wasm", InitialCycles = "-1", Budget = null },
            },
            ScalingPools = new()
            {
                ["workers"] = new ScalingPoolOptions { CanisterRole = "nope", MinWorkers = 5, InitialWorkers = 6, MaxWorkers = 3, CapacityBytes = 0, ScaleOutAt = 1.5 },
                ["orphan"] = new ScalingPoolOptions { CanisterRole = null, MinWorkers = -1 },
            },
        };
        var problems = Problems(options);
        string[] expected =
        [
            "Principal: Invalid principal 'not-a-principal'",
            "Network 'testnet' is not one of: development, mainnet.",
            "Pool:MinimumSize (7) is greater than Pool:MaximumSize (5).",
            "Pool:CanisterCycles: Invalid cycles amount '5X': unknown suffix 'X'",
            "Pool:CheckInterval 'soon' is not a TimeSpan",
            "Roles:app:ModulePath '/x.wasm' cannot be read: ",
            "Roles:app:Budget (1T) is smaller than Roles:app:InitialCycles (5T)",
            "Roles:app:Controllers:0: Invalid principal 'bad'",
            "Roles:text:ModulePath 'modules/text.wasm' is not a WebAssembly module",
            "Roles:text:InitialCycles: Invalid cycles amount '-1': cycles cannot be negative.",
            "Roles:text:Budget is required.",
            "ScalingPools:orphan:CanisterRole is required.",
            "ScalingPools:orphan:MinWorkers (-1) cannot be negative.",
            "ScalingPools:workers:CanisterRole 'nope' is not a configured role (configured: app, text).",
            "ScalingPools:workers:MinWorkers (5) is greater than ScalingPools:workers:MaxWorkers (3).",
            "ScalingPools:workers:InitialWorkers (6) is greater than ScalingPools:workers:MaxWorkers (3).",
            "ScalingPools:workers:CapacityBytes (0) must be positive",
            "ScalingPools:workers:ScaleOutAt (1.5) must be in (0, 1]",
        ];
        Assert.Multiple(() =>
        {
            foreach (var text in expected) Assert.That(problems, Has.Some.StartsWith(text));
            Assert.That(problems, Has.Count.EqualTo(expected.Length), string.Join(Environment.NewLine, problems));
        });
    }

    [Test]
    public void The_exception_message_lists_every_problem()
    {
        var options = Valid();
        options.Principal = null;
        options.Pool.CheckInterval = "-00:00:01";
        var error = Assert.Throws<OrchestratorConfigurationException>(() => OrchestratorSettingsValidator.Validate(options, _dir))!;
        Assert.That(error.Problems.Select(p => p.Key), Is.EqualTo(new[] { "Principal", "Pool:CheckInterval" }));
        Assert.That(error.Message, Does.Contain("2 problem(s)").And.Contain("Principal is required.").And.Contain("Pool:CheckInterval '-00:00:01' must be positive."));
    }

    [Test]
    public void Negative_pool_sizes_are_reported_without_a_misleading_comparison()
    {
        var options = Valid();
        options.Pool.MinimumSize = -1;
        options.Pool.MaximumSize = -2;
        Assert.That(Problems(options), Is.EqualTo(new[] { "Pool:MinimumSize (-1) cannot be negative.", "Pool:MaximumSize (-2) cannot be negative." }));
    }

    [Test]
    public void A_scaling_pool_naming_a_role_with_problems_is_not_told_the_role_is_unknown()
    {
        var options = Valid();
        options.Roles["app"].ModulePath = "missing.wasm";
        Assert.That(Problems(options), Has.Count.EqualTo(1).And.Some.StartsWith("Roles:app:ModulePath 'missing.wasm' cannot be read"));
    }

    [Test]
    public void More_than_ten_controllers_with_the_orchestrator_are_refused()
    {
        var options = Valid();
        options.Roles["app"].Controllers = Enumerable.Range(1, 10)
            .Select(i => Principal.FromBytes(Enumerable.Repeat((byte)i, 10).ToArray()).ToString()).ToList();
        Assert.That(Problems(options), Has.Some.StartsWith("Roles:app:Controllers: 11 distinct controllers"));
    }

    [Test]
    public void Pool_controllers_are_parsed_in_order()
    {
        var options = Valid();
        options.Pool.Controllers = [Controller, Orchestrator];
        var settings = OrchestratorSettingsValidator.Validate(options, _dir);
        Assert.That(settings.Pool.Controllers, Is.EqualTo(new[] { Principal.Parse(Controller), Principal.Parse(Orchestrator) }));
        Assert.That(settings.Pool, Is.Not.EqualTo(new PoolSettings(2, 4, Cycles.Parse("2.5T"), TimeSpan.FromMinutes(1))), "controllers take part in equality");
    }

    [Test]
    public void A_bad_pool_controller_is_reported_with_its_key()
    {
        var options = Valid();
        options.Pool.Controllers = [Controller, "not-a-principal"];
        Assert.That(Problems(options), Has.Count.EqualTo(1).And.Some.StartsWith("Pool:Controllers:1: Invalid principal 'not-a-principal'"));
    }

    [Test]
    public void Too_many_pool_controllers_with_the_orchestrator_are_refused()
    {
        var options = Valid();
        options.Pool.Controllers = Enumerable.Range(1, 10)
            .Select(i => Principal.FromBytes(Enumerable.Repeat((byte)i, 10).ToArray()).ToString()).ToList();
        Assert.That(Problems(options), Has.Some.StartsWith("Pool:Controllers: 11 distinct controllers"));
    }

    [Test]
    public void Nine_controllers_plus_the_orchestrator_are_accepted()
    {
        var options = Valid();
        options.Roles["app"].Controllers = Enumerable.Range(1, 9)
            .Select(i => Principal.FromBytes(Enumerable.Repeat((byte)i, 10).ToArray()).ToString()).ToList();
        Assert.That(OrchestratorSettingsValidator.Validate(options, _dir).Roles["app"].Controllers, Has.Count.EqualTo(9));
    }

    [Test]
    public void Max_workers_zero_accepts_any_minimum()
    {
        var options = Valid();
        options.ScalingPools!["notes"].MinWorkers = 100;
        options.ScalingPools["notes"].InitialWorkers = 100;
        Assert.That(OrchestratorSettingsValidator.Validate(options, _dir).Scaling!.Pools["notes"].MinWorkers, Is.EqualTo(100));
    }

    [Test]
    public void Validation_writes_nothing()
    {
        var before = Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order().ToList();
        OrchestratorSettingsValidator.Validate(Valid(), _dir);
        Assert.That(Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order(), Is.EqualTo(before));
    }

    [Test]
    public void The_retry_section_defaults_and_binds()
    {
        Assert.That(OrchestratorSettingsValidator.Validate(Valid(), _dir).Retry, Is.EqualTo(RetrySettings.Default));
        var options = Valid();
        options.Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = "00:00:00.050", MaxDelay = "00:00:02", MaxTotal = "00:01:00" };
        Assert.That(OrchestratorSettingsValidator.Validate(options, _dir).Retry,
            Is.EqualTo(new RetrySettings(3, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1))));
    }

    [Test]
    public void Bad_retry_values_are_all_reported()
    {
        var options = Valid();
        options.Retry = new RetryOptions { MaxAttempts = 0, BaseDelay = "00:00:10", MaxDelay = "00:00:01", MaxTotal = "00:00:00" };
        var problems = Problems(options);
        Assert.That(problems, Has.Some.Contains("Retry:MaxAttempts (0) must lie between 1 and 100"));
        Assert.That(problems, Has.Some.Contains("Retry:BaseDelay '00:00:10' is longer than Retry:MaxDelay"));
        Assert.That(problems, Has.Some.Contains("Retry:MaxTotal '00:00:00' must be positive"));
        options.Retry = new RetryOptions { MaxAttempts = 101, MaxDelay = "2.00:00:00", MaxTotal = "soon" };
        problems = Problems(options);
        Assert.That(problems, Has.Some.Contains("Retry:MaxAttempts (101)"));
        Assert.That(problems, Has.Some.Contains("Retry:MaxDelay '2.00:00:00' is longer than a day"));
        Assert.That(problems, Has.Some.Contains("Retry:MaxTotal 'soon' is not a TimeSpan"));
    }
}
