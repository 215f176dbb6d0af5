using Microsoft.Playwright;

namespace Canic.Fsm.Worker.Browser.Tests;

/// <summary>
/// One browser tab on the dashboard. It records every request the page makes and every console error, so a
/// test can assert that the page stayed on the worker's origin (offline: no CDN) and broke no policy (CSP).
/// </summary>
internal sealed class DashboardPage
{
    private readonly string _origin;

    private DashboardPage(IPage page, string origin)
    {
        Page = page;
        _origin = origin;
        page.Request += (_, request) => { lock (Requests) Requests.Add(request.Url); };
        page.Console += (_, message) => { if (message.Type == "error") lock (ConsoleErrors) ConsoleErrors.Add(message.Text); };
        page.PageError += (_, error) => { lock (ConsoleErrors) ConsoleErrors.Add(error); };
    }

    public IPage Page { get; }

    public List<string> Requests { get; } = [];

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Opens a new tab at <paramref name="hash"/> (e.g. <c>#/pool</c>) and gives the API token when the page asks for it.</summary>
    public static async Task<DashboardPage> OpenAsync(Browser browser, string origin, string token, string hash = "#/")
    {
        var page = new DashboardPage(await browser.Context.NewPageAsync(), origin);
        await page.Page.GotoAsync($"{origin}/{hash}");
        var form = page.Page.Locator("#token-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await page.Page.Locator("#token-input").FillAsync(token);
        await page.Page.Locator("#token-form button").ClickAsync();
        await Assertions.Expect(form).ToBeHiddenAsync();
        await Assertions.Expect(page.Page.Locator("#live")).ToContainTextAsync("live");
        return page;
    }

    public Task GoAsync(string hash) => Page.EvaluateAsync("h => { location.hash = h; }", hash);

    /// <summary>Confirms the open confirmation dialog.</summary>
    public async Task ConfirmAsync(string expectedTitle)
    {
        await Assertions.Expect(Page.Locator("#confirm")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#confirm-title")).ToHaveTextAsync(expectedTitle);
        await Page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(Page.Locator("#confirm")).ToBeHiddenAsync();
    }

    /// <param name="ignoreApiErrors">True when the test provoked API errors on purpose: the browser logs each 4xx answer.</param>
    public async Task AssertStayedOfflineAsync(bool ignoreApiErrors = false)
    {
        // The browser logs the 401s that made the page ask for the token (the expected handshake); once given, the
        // token must have been used for every later call, or the page would ask again.
        await Assertions.Expect(Page.Locator("#token-form")).ToBeHiddenAsync();
        lock (Requests)
            Assert.That(Requests.Where(url => !url.StartsWith(_origin + "/", StringComparison.Ordinal)), Is.Empty,
                "the dashboard fetched something from outside the worker (it must work offline)");
        lock (ConsoleErrors)
            Assert.That(ConsoleErrors.Where(e => !e.Contains("status of 401", StringComparison.Ordinal)
                    && !(ignoreApiErrors && e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))), Is.Empty, "console errors (script errors or content-security-policy violations)");
    }
}
