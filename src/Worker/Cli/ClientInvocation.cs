using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Canic.Fsm.Worker.Cli;

/// <summary>
/// Runs one client verb: connects to the worker, sends the request, prints the answer (tables, or JSON
/// with <c>--json</c>), and maps the outcome to an exit code (0 ok, 1 refused, 2 bad usage, 3 unreachable).
/// </summary>
internal sealed class ClientInvocation(ClientOptions options, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private const int RedirectedWidth = 200;

    public async Task<int> RunAsync(
        ParseResult parse, Func<WorkerClient, CancellationToken, Task<WorkerResponse>> request,
        CancellationToken ct, Func<JsonNode?, string?>? asText = null, IReadOnlyList<string>? columns = null)
    {
        var url = parse.GetValue(options.Url)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--url '{url}' is not an absolute http:// or https:// address");
            return ExitCodes.BadUsage;
        }
        using var client = new WorkerClient(baseAddress, parse.GetValue(options.Token));
        WorkerResponse response;
        try
        {
            response = await request(client, ct);
        }
        catch (WorkerUnreachableException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Unreachable;
        }
        if (!response.Succeeded)
        {
            await error.WriteLineAsync($"refused by the worker ({response.Status}): {Describe(response)}");
            if (parse.GetValue(options.Json) && response.Body is not null) await output.WriteLineAsync(response.Body.ToJsonString(Indented));
            return ExitCodes.Refused;
        }
        await PrintAsync(parse, response, asText, columns);
        return ExitCodes.Ok;
    }

    private async Task PrintAsync(ParseResult parse, WorkerResponse response, Func<JsonNode?, string?>? asText, IReadOnlyList<string>? columns)
    {
        if (parse.GetValue(options.Json))
        {
            await output.WriteLineAsync(response.Body?.ToJsonString(Indented) ?? response.RawBody);
            return;
        }
        if (asText?.Invoke(response.Body) is { } text)
        {
            await output.WriteLineAsync(text);
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // A terminal gives its own width; into a pipe or a file, principals and ids are not wrapped at 80 columns.
        // ... and without colour codes, which a file or a script would keep as noise.
        if (!console.Profile.Out.IsTerminal)
        {
            console.Profile.Width = RedirectedWidth;
            console.Profile.Capabilities.Ansi = false;
        }
        JsonTableRenderer.Render(console, response.Body, columns);
    }

    private static string Describe(WorkerResponse response) =>
        response.Body?["error"]?.GetValue<string>() is { } message
            ? response.Body["field"]?.GetValue<string>() is { } field ? $"{message} [field: {field}]" : message
            : response.RawBody.Length > 0 ? response.RawBody : "no details";
}
