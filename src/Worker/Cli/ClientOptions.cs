using System.CommandLine;
using Canic.Fsm.Worker.Configuration;

namespace Canic.Fsm.Worker.Cli;

/// <summary>The options every client verb shares: where the worker is, its token, and the output format.</summary>
internal sealed class ClientOptions
{
    /// <summary>Environment variable giving the worker's address when <c>--url</c> is absent.</summary>
    public const string UrlVariable = "CANIC_URL";

    /// <summary>Environment variable giving the API token when <c>--token</c> is absent.</summary>
    public const string TokenVariable = "CANIC_TOKEN";

    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The worker's admin address (default: ${UrlVariable} or {AdminOptions.DefaultUrl})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : AdminOptions.DefaultUrl,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The worker's API token (default: ${TokenVariable})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the worker's JSON answer instead of tables (for scripts)",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Url);
        root.Add(Token);
        root.Add(Json);
    }
}
