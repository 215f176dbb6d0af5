using System.CommandLine;
using System.Text.Json.Nodes;

namespace Canic.Fsm.Worker.Cli;

/// <summary>The verbs that talk to a running worker over its HTTP API; each one is a request and a way to print it.</summary>
internal sealed class ClientVerbs(ClientInvocation invocation)
{
    // What fits an 80-column terminal; --json has every field.
    private static readonly string[] PoolColumns = ["pid", "status", "cycles", "role", "reason"];
    private static readonly string[] CreationColumns = ["id", "state", "path", "amount", "pid", "attempt", "reason"];
    private static readonly string[] AttemptColumns = ["id", "role", "state", "pid", "source", "reserved", "reason"];

    public IEnumerable<Command> All() =>
        [Status(), Pool(), Provision(), Attempts(), Budgets(), Scale(), Chart(), Simulated()];

    private Command Status() => Verb("status", "Pool counts per state and the refill bounds",
        (p, c, ct) => c.GetAsync("/api/pool", ct));

    private Command Pool()
    {
        var pool = new Command("pool", "Pool canisters: list, show, import, requeue failed ones, creation records");
        var state = StateOption("Only entries in this state (PendingReset, Ready, Failed, Claimed, Workload, ...)");
        var page = new PageOptions();
        var ls = Listing("ls", "List pool entries, oldest first", PoolColumns,
            (p, c, ct) => c.GetAsync("/api/pool/entries" + Query(("state", p.GetValue(state))) + page.Query(p, "&"), ct),
            state, page.Offset, page.Limit);
        var pid = new Argument<string>("pid") { Description = "The canister's principal" };
        var show = Verb("show", "Show one pool entry",
            (p, c, ct) => c.GetAsync("/api/pool/entries/" + Uri.EscapeDataString(p.GetValue(pid)!), ct), pid);
        var pids = new Argument<string[]>("pid") { Description = "The canisters' principals", Arity = ArgumentArity.OneOrMore };
        var immediate = new Option<bool>("--immediate") { Description = "Import one canister and reset it now instead of queueing" };
        var import = Verb("import", "Import canisters into the pool (they are reset, then Ready)",
            (p, c, ct) => c.PostAsync("/api/pool/import", new { pids = p.GetValue(pids), immediate = p.GetValue(immediate) }, ct),
            pids, immediate);
        var failed = new Argument<string[]>("pid") { Description = "Only these canisters (default: every Failed entry)", Arity = ArgumentArity.ZeroOrMore };
        var requeue = Verb("requeue-failed", "Move Failed entries back to PendingReset",
            (p, c, ct) => c.PostAsync("/api/pool/requeue-failed", new { pids = p.GetValue(failed) is { Length: > 0 } list ? list : null }, ct),
            failed);
        var createEmpty = Verb("create-empty", "Create one canister for the pool",
            (p, c, ct) => c.PostAsync("/api/pool/create-empty", null, ct));
        var creationState = StateOption("Only records in this state (Intent, Created, Blocked, Failed)");
        var creationPage = new PageOptions();
        var creations = Listing("creations", "List canister creation records, newest first", CreationColumns,
            (p, c, ct) => c.GetAsync("/api/pool/creations" + Query(("state", p.GetValue(creationState))) + creationPage.Query(p, "&"), ct),
            creationState, creationPage.Offset, creationPage.Limit);
        foreach (var verb in new[] { ls, show, import, requeue, createEmpty, creations }) pool.Add(verb);
        return pool;
    }

    private Command Provision()
    {
        var role = new Argument<string>("role") { Description = "A configured role" };
        var count = new Option<int>("--count") { Description = "How many canisters to provision", DefaultValueFactory = _ => 1 };
        var parent = new Option<string?>("--parent") { Description = "The parent canister's principal (added to the controllers)" };
        return Verb("provision", "Provision canisters of a role (prints the attempt ids)",
            (p, c, ct) => c.PostAsync("/api/provision", new { role = p.GetValue(role), parent = p.GetValue(parent), count = p.GetValue(count) }, ct),
            role, count, parent);
    }

    private Command Attempts()
    {
        var attempts = new Command("attempts", "Provisioning attempts");
        var state = StateOption("Only attempts in this state (Reserved, Allocated, Installing, Committed, Failed, Blocked, ...)");
        var page = new PageOptions();
        attempts.Add(Listing("ls", "List attempts, newest first", AttemptColumns,
            (p, c, ct) => c.GetAsync("/api/attempts" + Query(("state", p.GetValue(state))) + page.Query(p, "&"), ct),
            state, page.Offset, page.Limit));
        var id = new Argument<long>("id") { Description = "The attempt's id" };
        attempts.Add(Verb("show", "Show one attempt with its history of transitions",
            (p, c, ct) => c.GetAsync($"/api/attempts/{p.GetValue(id)}", ct), id));
        return attempts;
    }

    private Command Budgets() => Verb("budgets", "Cycles budgets per role (free, reserved, spent)",
        (p, c, ct) => c.GetAsync("/api/budgets", ct));

    private Command Scale()
    {
        var pool = new Argument<string>("pool") { Description = "A configured scaling pool" };
        return Verb("scale", "Create a worker in a scaling pool, if its policy allows it",
            (p, c, ct) => c.PostAsync($"/api/scaling/{Uri.EscapeDataString(p.GetValue(pool)!)}/workers", null, ct), pool);
    }

    private Command Chart()
    {
        var machine = new Argument<string>("machine") { Description = "The machine (pool-canister, provisioning-attempt)" };
        var command = new Command("chart", "Print a machine's declared state chart as Mermaid") { machine };
        command.SetAction((p, ct) => invocation.RunAsync(p,
            (c, t) => c.GetAsync($"/api/charts/{Uri.EscapeDataString(p.GetValue(machine)!)}", t), ct,
            body => body?["mermaid"]?.GetValue<string>()));
        return command;
    }

    private Command Simulated()
    {
        var sim = new Command("sim", "Development aids of the simulated IC");
        var cycles = new Option<string?>("--cycles") { Description = "The new canister's cycles, e.g. 2T (default: the network's)" };
        sim.Add(Verb("create-canister", "Create a canister controlled by the orchestrator (to try 'pool import')",
            (p, c, ct) => c.PostAsync("/api/sim/canisters", new { cycles = p.GetValue(cycles) }, ct), cycles));
        return sim;
    }

    private Command Verb(string name, string description,
        Func<ParseResult, WorkerClient, CancellationToken, Task<WorkerResponse>> request, params Symbol[] symbols) =>
        Listing(name, description, null, request, symbols);

    /// <summary>A verb whose table shows only <paramref name="columns"/> (null: every field).</summary>
    private Command Listing(string name, string description, IReadOnlyList<string>? columns,
        Func<ParseResult, WorkerClient, CancellationToken, Task<WorkerResponse>> request, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) command.Add(argument);
            else if (symbol is Option option) command.Add(option);
        }
        command.SetAction((p, ct) => invocation.RunAsync(p, (c, t) => request(p, c, t), ct, columns: columns));
        return command;
    }

    private static Option<string?> StateOption(string description) => new("--state") { Description = description };

    private static string Query(params (string Name, string? Value)[] parameters) =>
        "?" + string.Join("&", parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary><c>--offset</c> and <c>--limit</c> of a listing.</summary>
    private sealed class PageOptions
    {
        public Option<int?> Offset { get; } = new("--offset") { Description = "Index of the first item" };
        public Option<int?> Limit { get; } = new("--limit") { Description = "Page size (1 to 1000, default 100)" };

        public string Query(ParseResult p, string separator) =>
            (p.GetValue(Offset) is { } offset ? $"{separator}offset={offset}" : "") +
            (p.GetValue(Limit) is { } limit ? $"{separator}limit={limit}" : "");
    }
}
