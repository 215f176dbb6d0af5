using System.Text.Json.Nodes;
using Canic.Fsm.Worker.Cli;
using Spectre.Console;

namespace Canic.Fsm.Worker.Tests.Cli;

/// <summary>The human output of the client verbs: what a person reads instead of the JSON.</summary>
public sealed class JsonTableRendererTests
{
    private static string Render(string json, IReadOnlyList<string>? columns = null)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        console.Profile.Width = 200;
        JsonTableRenderer.Render(console, JsonNode.Parse(json), columns);
        return output.ToString();
    }

    [Test]
    public void A_page_is_one_table_of_the_chosen_columns_with_its_position_as_caption()
    {
        var text = Render("""
            {"items":[{"id":7,"state":"Committed","moduleHash":"e81273"},{"id":8,"state":"Failed","moduleHash":"aa"}],
             "total":5,"offset":2,"limit":2}
            """, ["id", "state"]);

        Assert.That(text, Does.Contain("Committed").And.Contain("Failed").And.Contain("3-4 of 5"));
        Assert.That(text, Does.Not.Contain("moduleHash").And.Not.Contain("e81273"));
        Assert.That(text, Does.Not.Contain("offset"));
    }

    [Test]
    public void An_empty_page_shows_the_columns_and_says_none()
    {
        var text = Render("""{"items":[],"total":0,"offset":0,"limit":100}""", ["pid", "status"]);

        Assert.That(text, Does.Contain("pid").And.Contain("status").And.Contain("(none)"));
    }

    [Test]
    public void Counts_and_id_lists_read_as_text_not_json()
    {
        var text = Render("""{"counts":{"Ready":3,"Failed":0},"attempts":[12,13]}""");

        Assert.That(text, Does.Contain("Ready=3, Failed=0").And.Contain("12, 13"));
        Assert.That(text, Does.Not.Contain("{"));
    }
}
