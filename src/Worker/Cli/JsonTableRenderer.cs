using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Canic.Fsm.Worker.Cli;

/// <summary>
/// Renders a worker answer for people: lists as tables, one object as a two-column table, text as text.
/// Works from the JSON shape alone, so a new field in the API shows up here without a change; a listing
/// may name the columns worth a terminal's width (the rest stays available with <c>--json</c>).
/// </summary>
internal static class JsonTableRenderer
{
    public static void Render(IAnsiConsole console, JsonNode? node, IReadOnlyList<string>? columns = null)
    {
        switch (node)
        {
            case null:
                break;
            case JsonArray array:
                console.Write(ListTable(array, columns));
                break;
            case JsonObject page when IsPage(page):
                RenderPage(console, page, columns);
                break;
            case JsonObject obj:
                RenderObject(console, obj, columns);
                break;
            default:
                console.WriteLine(Cell(node));
                break;
        }
    }

    /// <summary>A page of a listing (<c>items</c>, <c>total</c>, <c>offset</c>, <c>limit</c>): one table, its position as the caption.</summary>
    private static bool IsPage(JsonObject obj) =>
        obj.Count == 4 && obj["items"] is JsonArray && obj["total"] is JsonValue && obj["offset"] is JsonValue && obj["limit"] is JsonValue;

    private static void RenderPage(IAnsiConsole console, JsonObject page, IReadOnlyList<string>? columns)
    {
        var items = page["items"]!.AsArray();
        var offset = page["offset"]!.GetValue<long>();
        var table = ListTable(items, columns);
        if (items.Count > 0)
            table.Caption($"{offset + 1}-{offset + items.Count} of {page["total"]!.GetValue<long>()}");
        console.Write(table);
    }

    private static void RenderObject(IAnsiConsole console, JsonObject obj, IReadOnlyList<string>? columns)
    {
        var scalars = new Table().HideHeaders().AddColumn("field").AddColumn("value");
        var lists = new List<(string Name, JsonArray Items)>();
        foreach (var (name, value) in obj)
        {
            if (value is JsonArray { Count: > 0 } items && items.All(i => i is JsonObject))
                lists.Add((name, items));
            else
                scalars.AddRow(new Text(name), new Text(Cell(value)));
        }
        if (scalars.Rows.Count > 0) console.Write(scalars);
        foreach (var (name, items) in lists)
        {
            console.WriteLine(name);
            console.Write(ListTable(items, columns));
        }
    }

    private static Table ListTable(JsonArray items, IReadOnlyList<string>? wanted)
    {
        var present = items.OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct().ToList();
        var columns = wanted?.Where(c => items.Count == 0 || present.Contains(c)).ToList() ?? present;
        var table = new Table();
        if (items.Count == 0) table.Caption("(none)");
        if (columns.Count == 0)
        {
            table.AddColumn("value");
            foreach (var item in items) table.AddRow(new Text(Cell(item)));
            return table;
        }
        foreach (var column in columns) table.AddColumn(new TableColumn(new Text(column)));
        foreach (var item in items.OfType<JsonObject>())
            table.AddRow(columns.Select(c => (IRenderable)new Text(Cell(item[c]))).ToArray());
        return table;
    }

    private static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        // Counts per state and id lists read better as "Ready=3, Failed=0" and "12, 13" than as JSON.
        JsonObject o when o.All(p => p.Value is null or JsonValue) => string.Join(", ", o.Select(p => $"{p.Key}={Cell(p.Value)}")),
        JsonArray a when a.All(i => i is null or JsonValue) => string.Join(", ", a.Select(Cell)),
        _ => value.ToJsonString(),
    };
}
