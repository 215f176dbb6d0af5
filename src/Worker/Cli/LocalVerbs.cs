using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Canic.Fsm.Ic;
using Canic.Fsm.Ic.Identity;
using Canic.Fsm.Ic.Replica;
using Canic.Fsm.Ic.Replica.Faults;
using Canic.Fsm.Worker.Replica;
using Spectre.Console;

namespace Canic.Fsm.Worker.Cli;

/// <summary>The verbs that need no running worker: <c>identity</c> (who a PEM file is) and <c>replica</c> (the development replica).</summary>
internal sealed class LocalVerbs(ClientOptions options, TextWriter output, TextWriter error)
{
    public IEnumerable<Command> All() => [Identity(), Replica()];

    private Command Identity()
    {
        var pem = new Argument<string>("pem")
        {
            Description = "The identity's PEM file (dfx identity export <name> > identity.pem); default $CANIC_Ic__IdentityPem",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CANIC_Ic__IdentityPem") ?? "",
        };
        var command = new Command("identity", "Print the principal of an identity PEM file and its cycles-ledger account (what Ic:IdentityPem acts as)") { pem };
        command.SetAction(async (p, ct) =>
        {
            var path = p.GetValue(pem)!;
            if (path.Length == 0)
            {
                await error.WriteLineAsync("Give the identity's PEM file (or set CANIC_Ic__IdentityPem).");
                return ExitCodes.BadUsage;
            }
            IIdentity identity;
            try
            {
                identity = IdentityPem.LoadFile(path);
            }
            catch (IdentityFormatException e)
            {
                await error.WriteLineAsync(e.Message);
                return ExitCodes.Refused;
            }
            var answer = new JsonObject
            {
                ["principal"] = identity.Sender.ToString(),
                ["ledgerAccount"] = new Account(identity.Sender).ToString(),
                ["keyType"] = identity.GetType().Name.Replace("Identity", "", StringComparison.Ordinal),
                ["file"] = Path.GetFullPath(path),
            };
            await PrintAsync(p, answer);
            return ExitCodes.Ok;
        });
        return command;
    }

    private Command Replica()
    {
        var port = new Option<int>("--port") { Description = "The loopback port (0 picks a free one)", DefaultValueFactory = _ => 4943 };
        var state = new Option<string>("--state-file") { Description = "The replica's SQLite state file", DefaultValueFactory = _ => "./canic-fsm-replica.db" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep the state in memory, with fresh keys (nothing written)" };
        var keyFile = new Option<string?>("--key-file") { Description = "The file holding the replica's key seed (default: the state file + .key)" };
        var delegation = new Option<bool>("--delegation") { Description = "Sign certificates with a subnet key delegated from the root key, as mainnet does" };
        var shards = new Option<int>("--shards") { Description = "Split the delegated canister ranges over this many /canister_ranges shards", DefaultValueFactory = _ => 1 };
        var mint = new Option<string[]>("--mint")
        {
            Description = "PRINCIPAL[=CYCLES]: credit a cycles-ledger account once (default 1000T), e.g. the worker's identity",
            AllowMultipleArgumentsPerToken = false,
        };
        var latency = new Option<TimeSpan>("--latency") { Description = "Time every update call takes, e.g. 00:00:01", DefaultValueFactory = _ => TimeSpan.Zero };
        var faults = new Option<string?>("--faults")
        {
            Description = "HTTP faults as JSON, e.g. {\"seed\":1,\"serverError\":0.1,\"tooManyRequests\":0.1,\"dropBeforeApply\":0.05,\"dropAfterApply\":0.05,\"slow\":0.1,\"slowDelay\":\"00:00:03\"}; also PUT /_/faults",
        };
        var syncWait = new Option<TimeSpan>("--sync-wait") { Description = "How long a v3/v4 call waits before answering 202", DefaultValueFactory = _ => TimeSpan.FromSeconds(10) };
        var command = new Command("replica", "Run a development replica: the simulated IC behind the IC's HTTP interface (for Ic:Backend=http, Ic:Network=local)")
        {
            port, state, inMemory, keyFile, delegation, shards, mint, latency, faults, syncWait,
        };
        command.SetAction(async (p, ct) =>
        {
            var problems = new List<string>();
            var credits = new List<(Principal, Cycles)>();
            foreach (var item in p.GetValue(mint) ?? [])
            {
                var parts = item.Split('=', 2);
                var amount = parts.Length == 2 ? parts[1] : "1000T";
                if (Principal.TryParse(parts[0], out var owner) && Cycles.TryParse(amount, out var cycles)) credits.Add((owner, cycles));
                else problems.Add($"--mint '{item}': expected PRINCIPAL or PRINCIPAL=CYCLES (e.g. ...-cai=100T)");
            }
            FaultsRequest plan = new();
            if (p.GetValue(faults) is { Length: > 0 } json)
            {
                try
                {
                    plan = JsonSerializer.Deserialize<FaultsRequest>(json, Canic.Fsm.Ic.Replica.Http.DevelopmentEndpoints.Json) ?? plan;
                }
                catch (Exception e) when (e is JsonException or NotSupportedException)
                {
                    problems.Add($"--faults: not valid JSON for the fault plan: {e.Message}");
                }
            }
            plan = plan with { Latency = plan.Latency + p.GetValue(latency) };
            var server = new ReplicaOptions
            {
                Port = p.GetValue(port), Delegation = p.GetValue(delegation), Shards = p.GetValue(shards), SyncCallWait = p.GetValue(syncWait),
            };
            try
            {
                server.Validate();
                plan.ToPlan();
            }
            catch (ArgumentException e)
            {
                problems.Add(e.Message);
            }
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await error.WriteLineAsync(problem);
                return ExitCodes.BadUsage;
            }
            var memory = p.GetValue(inMemory);
            var stateFile = memory ? null : p.GetValue(state)!;
            var keys = memory ? null : p.GetValue(keyFile) ?? stateFile + ".key";
            return await ReplicaHost.RunAsync(new ReplicaSettings(server, stateFile, keys, credits, plan), error, ct) ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    private async Task PrintAsync(ParseResult parse, JsonObject answer)
    {
        if (parse.GetValue(options.Json))
        {
            await output.WriteLineAsync(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!console.Profile.Out.IsTerminal)
        {
            console.Profile.Width = 200;
            console.Profile.Capabilities.Ansi = false;
        }
        JsonTableRenderer.Render(console, answer);
    }
}
