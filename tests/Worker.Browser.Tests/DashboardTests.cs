using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Canic.Fsm.Worker.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Canic.Fsm.Worker.Browser.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) against a real <c>canic-fsm run</c>
/// process with an API token: the pool fills, attempts are provisioned, and the tests click through the pages
/// and run admin commands as an operator would, checking what the page shows against the JSON API.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DashboardTests
{
    private RunningWorker _worker = null!;
    private Browser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SetDefaultExpectTimeout(20_000);
        _worker = await RunningWorker.StartAsync();
        _browser = await Browser.LaunchAsync();
        await Eventually.Until(() => _worker.GetAsync("/api/pool")!, p => (long)p!["ready"]! >= RunningWorker.MinimumSize,
            TimeSpan.FromSeconds(30), "pool filled");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (_worker is not null) await _worker.DisposeAsync();
    }

    private Task<DashboardPage> OpenAsync(string hash = "#/") => DashboardPage.OpenAsync(_browser, _worker.Url, RunningWorker.Token, hash);

    private async Task<long> ProvisionCommittedAsync()
    {
        var answer = await _worker.PostAsync("/api/provision", new { role = "app" });
        var id = (long)answer["attempts"]![0]!;
        await Eventually.Until(() => _worker.GetAsync($"/api/attempts/{id}")!, a => (string?)a?["state"] == "Committed",
            TimeSpan.FromSeconds(30), $"attempt {id} committed");
        return id;
    }

    [Test]
    public async Task Main_page_shows_the_filled_pool_budgets_scaling_and_transitions_without_leaving_the_worker()
    {
        var tab = await OpenAsync();
        var page = tab.Page;
        // Other tests add Ready canisters (import, recycle): the card must show what the API says, at least the minimum.
        var readyCard = page.Locator("#pool-counts .card[data-state=Ready] .n");
        await Expect(readyCard).ToHaveTextAsync(new Regex(@"^\d+$"));
        var ready = await Eventually.Until(async () =>
        {
            var shown = long.Parse(await readyCard.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            return (long?)(shown == (long)(await _worker.GetAsync("/api/pool"))["ready"]! ? shown : -1);
        }, n => n >= 0, TimeSpan.FromSeconds(20), "the Ready card equals the API's count");
        Assert.That(ready, Is.GreaterThanOrEqualTo(RunningWorker.MinimumSize));
        await Expect(page.Locator(".budget[data-budget=app] .bar")).ToBeVisibleAsync();
        await Expect(page.Locator(".budget[data-budget=app] .title")).ToContainTextAsync("of 100T");
        await Expect(page.Locator("#view-overview")).ToContainTextAsync("workers");
        await Expect(page.Locator("#view-overview")).ToContainTextAsync("PendingReset");   // a pool transition in the feed
        if (Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOT") is { Length: > 0 } file)
        {
            var provisioned = await ProvisionCommittedAsync();   // an attempt from the pool in "Latest attempts" for the picture
            await Expect(page.Locator($"#view-overview tr[data-key='{provisioned}']")).ToContainTextAsync("Committed");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        }
        await tab.AssertStayedOfflineAsync();
        await page.CloseAsync();
    }

    [Test]
    public async Task Clicking_through_an_attempt_shows_its_timeline_and_the_states_it_passed_through_on_the_chart()
    {
        var id = await ProvisionCommittedAsync();
        var attempt = await _worker.GetAsync($"/api/attempts/{id}");
        var pid = (string)attempt["pid"]!;

        var tab = await OpenAsync("#/attempts");
        var page = tab.Page;
        // The state filter: the newest attempt is listed, leaves with Failed, and is back with Committed (only those).
        await Expect(page.Locator($"tr[data-key='{id}']")).ToBeVisibleAsync();
        await page.Locator("select[name=state]").SelectOptionAsync("Failed");
        await Expect(page.Locator($"tr[data-key='{id}']")).ToHaveCountAsync(0);
        await page.Locator("select[name=state]").SelectOptionAsync("Committed");
        await Expect(page.Locator($"tr[data-key='{id}']")).ToContainTextAsync("Committed");
        foreach (var state in await page.Locator("#view-attempts tbody tr td:nth-child(3)").AllInnerTextsAsync())
            Assert.That(state.Trim(), Is.EqualTo("Committed"));
        await page.Locator($"a[href='#/attempts/{id}']").First.ClickAsync();
        await Expect(page.Locator("#attempt-details dd[data-key=state]")).ToHaveTextAsync("Committed");
        var timeline = page.Locator("#timeline li");
        var history = attempt["history"]!.AsArray().Select(t => (string)t!["to"]!).ToArray();
        await Expect(timeline).ToHaveCountAsync(history.Length);
        for (var i = 0; i < history.Length; i++)
            await Expect(timeline.Nth(i)).ToHaveAttributeAsync("data-state", history[i]);
        await Expect(page.Locator("#timeline li[data-state=Allocated]")).ToContainTextAsync("pool_reuse");

        var chart = page.Locator("svg[data-machine=provisioning-attempt]");
        await Expect(chart.Locator("g.node.current")).ToHaveAttributeAsync("data-state", "Committed");
        foreach (var state in new[] { "Reserved", "Allocated", "Installing" })
            await Expect(chart.Locator($"g.node[data-state={state}]")).ToHaveClassAsync(new Regex(@"\bvisited\b"));
        await Expect(chart.Locator("g.node[data-state=Compensating]")).Not.ToHaveClassAsync(new Regex(@"\bvisited\b"));
        await Expect(chart.Locator("path.edge.visited[data-edge='Installing>Committed']")).ToHaveCountAsync(1);
        await Expect(chart.Locator("path.edge.visited[data-edge='Installing>Compensating']")).ToHaveCountAsync(0);

        // On to the canister it got: a Workload entry whose pool chart shows Ready -> Claimed -> Workload.
        await page.Locator($"#attempt-details a[href='#/pool/{pid}']").ClickAsync();
        await Expect(page.Locator("#entry-details")).ToContainTextAsync(pid);
        var poolChart = page.Locator("svg[data-machine=pool-canister]");
        await Expect(poolChart.Locator("g.node.current")).ToHaveAttributeAsync("data-state", "Workload");
        await Expect(poolChart.Locator("g.node[data-state=Claimed]")).ToHaveClassAsync(new Regex(@"\bvisited\b"));
        await Expect(page.Locator("#entry-requeue-form")).ToBeHiddenAsync();   // only for a Failed entry

        // Recycle it from its page: after the confirmation it goes back through Recycling and a reset to Ready, live.
        await page.Locator("#entry-recycle-form button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Recycle canister");
        await Expect(page.Locator("#entry-recycle-form .result")).ToContainTextAsync("outcome:");
        await Expect(page.Locator("#entry-details")).ToContainTextAsync("Ready");
        await Expect(poolChart.Locator("g.node.current")).ToHaveAttributeAsync("data-state", "Ready");
        foreach (var state in new[] { "Workload", "Recycling", "Resetting" })
            await Expect(poolChart.Locator($"g.node[data-state={state}]")).ToHaveClassAsync(new Regex(@"\bvisited\b"));
        await Expect(poolChart.Locator("path.edge.visited[data-edge='Workload>Recycling']")).ToHaveCountAsync(1);
        Assert.That((string)(await _worker.GetAsync($"/api/pool/entries/{pid}"))["status"]!, Is.EqualTo("Ready"));
        await tab.AssertStayedOfflineAsync();
        await page.CloseAsync();
    }

    [Test]
    public async Task Provision_from_the_admin_page_shows_the_APIs_error_next_to_the_field_asks_before_running_and_then_runs()
    {
        var tab = await OpenAsync("#/admin");
        var page = tab.Page;
        var form = page.Locator("#provision-form");
        var before = (long)(await _worker.GetAsync("/api/attempts?limit=1"))["total"]!;

        await form.Locator("input[name=role]").FillAsync("nope");
        await form.Locator("button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Provision");
        await Expect(form.Locator(".error[data-field=role]")).ToContainTextAsync("Unknown role 'nope'");

        await form.Locator("input[name=role]").FillAsync("app");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.Locator("#confirm-cancel").ClickAsync();
        await Expect(form.Locator(".result")).ToHaveTextAsync("cancelled");
        await Expect(form.Locator(".error[data-field=role]")).ToBeEmptyAsync();
        Assert.That((long)(await _worker.GetAsync("/api/attempts?limit=1"))["total"]!, Is.EqualTo(before), "a cancelled command ran");

        await form.Locator("button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Provision");
        await Expect(form.Locator(".result")).ToContainTextAsync("attempts:");
        var started = await _worker.GetAsync("/api/attempts?limit=1");
        Assert.That((long)started["total"]!, Is.EqualTo(before + 1));
        var id = (long)started["items"]![0]!["id"]!;
        await Expect(form.Locator(".result")).ToContainTextAsync(id.ToString());

        // The attempts list, reached without a reload, shows it.
        await tab.GoAsync("#/attempts");
        await Expect(page.Locator($"tr[data-key='{id}']")).ToBeVisibleAsync();
        await tab.AssertStayedOfflineAsync(ignoreApiErrors: true);
        await page.CloseAsync();
    }

    [Test]
    public async Task An_import_run_in_one_tab_appears_live_in_another_tab_showing_the_pool()
    {
        var watcher = await OpenAsync("#/pool?state=Ready&limit=100");
        await watcher.Page.EvaluateAsync("() => { window.notReloaded = true; }");
        var pid = (string)(await _worker.PostAsync("/api/sim/canisters", new { cycles = "2T" }))["pid"]!;
        await Expect(watcher.Page.Locator($"tr[data-key='{pid}']")).ToHaveCountAsync(0);

        var admin = await OpenAsync("#/admin");
        var form = admin.Page.Locator("#import-form");
        await form.Locator("textarea[name=pids]").FillAsync("not-a-principal");
        await form.Locator("button[type=submit]").ClickAsync();
        await admin.ConfirmAsync("Import");
        await Expect(form.Locator(".error[data-field=pids]")).Not.ToBeEmptyAsync();

        await form.Locator("textarea[name=pids]").FillAsync(pid);
        await form.Locator("button[type=submit]").ClickAsync();
        await admin.ConfirmAsync("Import");
        await Expect(form.Locator(".result")).ToContainTextAsync("queued_imported");
        await Expect(form.Locator(".error[data-field=pids]")).ToBeEmptyAsync();

        await Expect(watcher.Page.Locator($"tr[data-key='{pid}']")).ToContainTextAsync("Ready");
        Assert.That(await watcher.Page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the pool page reloaded");
        await watcher.AssertStayedOfflineAsync();
        await admin.AssertStayedOfflineAsync(ignoreApiErrors: true);
        await watcher.Page.CloseAsync();
        await admin.Page.CloseAsync();
    }

    [Test]
    public async Task Create_empty_recycle_and_requeue_failed_from_the_admin_page_ask_first_and_show_the_APIs_answer_or_its_error_at_the_field()
    {
        // A Failed entry to requeue: an imported canister below the pool's canister_cycles fails its reset.
        var poor = (string)(await _worker.PostAsync("/api/sim/canisters", new { cycles = "0.5T" }))["pid"]!;
        await _worker.PostAsync("/api/pool/import", new { pids = new[] { poor }, immediate = true });
        Assert.That((string)(await _worker.GetAsync($"/api/pool/entries/{poor}"))["status"]!, Is.EqualTo("Failed"));
        var tab = await OpenAsync("#/admin");
        var page = tab.Page;

        var recycle = page.Locator("#recycle-form");
        await recycle.Locator("input[name=pid]").FillAsync("not-a-principal");
        await recycle.Locator("button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Recycle");
        await Expect(recycle.Locator(".error[data-field=pid]")).ToContainTextAsync("not-a-principal");
        await Expect(recycle.Locator(".result")).ToBeEmptyAsync();

        var requeue = page.Locator("#requeue-form");
        await requeue.Locator("textarea[name=pids]").FillAsync($"{poor}, also-not-one");
        await requeue.Locator("button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Requeue failed");
        await Expect(requeue.Locator(".error[data-field=pids]")).ToContainTextAsync("also-not-one");
        Assert.That((string)(await _worker.GetAsync($"/api/pool/entries/{poor}"))["status"]!, Is.EqualTo("Failed"), "a refused requeue moved an entry");

        var seen = (long)(await _worker.GetAsync("/api/transitions?limit=1"))["last"]!;
        await requeue.Locator("textarea[name=pids]").FillAsync(poor);
        await requeue.Locator("button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Requeue failed");
        await Expect(requeue.Locator(".result")).ToContainTextAsync("requeued: 1");
        await Expect(requeue.Locator(".error[data-field=pids]")).ToBeEmptyAsync();
        // The requeue is in the transition feed, followed by the outcome of the reset it queued (underfunded: Failed again).
        var moves = await Eventually.Until(async () => (await _worker.GetAsync($"/api/transitions?after={seen}&machine=pool&id={poor}"))["items"]!
                .AsArray().Select(t => $"{t!["from"]}>{t["to"]}").ToArray(),
            m => m!.Length >= 2, TimeSpan.FromSeconds(20), "the requeue and the reset it queued in the feed");
        Assert.That(moves, Is.EqualTo(new[] { "Failed>PendingReset", "PendingReset>Failed" }));

        var creations = (long)(await _worker.GetAsync("/api/pool/creations?limit=1"))["total"]!;
        var createEmpty = page.Locator("#create-empty-form");
        await createEmpty.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.Locator("#confirm-cancel").ClickAsync();
        await Expect(createEmpty.Locator(".result")).ToHaveTextAsync("cancelled");
        Assert.That((long)(await _worker.GetAsync("/api/pool/creations?limit=1"))["total"]!, Is.EqualTo(creations), "a cancelled command ran");
        await createEmpty.Locator("button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Create empty canister");
        await Expect(createEmpty.Locator(".result")).ToContainTextAsync("pid:");
        var created = Regex.Match(await createEmpty.Locator(".result").InnerTextAsync(), @"pid: (\S+)").Groups[1].Value;
        Assert.That((long)(await _worker.GetAsync("/api/pool/creations?limit=1"))["total"]!, Is.EqualTo(creations + 1));
        Assert.That(await _worker.GetAsync($"/api/pool/entries/{created}"), Is.Not.Null, "the created canister has a pool entry");
        await tab.AssertStayedOfflineAsync(ignoreApiErrors: true);
        await page.CloseAsync();
    }

    [Test]
    public async Task Pool_entries_are_filtered_by_state_and_paged()
    {
        var tab = await OpenAsync("#/pool?limit=2");
        var page = tab.Page;
        var info = page.Locator(".page-info");
        // The pool may still be refilling: the page's own total is read, then checked against the API once both settle.
        await Expect(info).ToHaveTextAsync(new Regex(@"^1-2 of ([3-9]|\d\d+)$"));
        await Expect(page.Locator("#view-pool tbody tr")).ToHaveCountAsync(2);
        var total = await SettledTotalAsync(info, "/api/pool/entries?limit=1");
        await page.Locator("button[data-page=next]").ClickAsync();
        await Expect(info).ToHaveTextAsync(new Regex(@"^3-\d+ of \d+$"));
        Assert.That(await page.Locator("#view-pool tbody tr").CountAsync(), Is.EqualTo(Math.Min(2, total - 2)));
        await Expect(page.Locator("button[data-page=prev]")).ToBeEnabledAsync();

        await page.Locator("select[name=state]").SelectOptionAsync("Workload");
        await Expect(info).ToHaveTextAsync(new Regex(@"^\d+-\d+ of \d+$"));
        await Expect(page.Locator("#view-pool tbody tr td:nth-child(2)").First).ToHaveTextAsync("Workload");
        var workload = await SettledTotalAsync(info, "/api/pool/entries?state=Workload&limit=1");
        Assert.That(workload, Is.GreaterThanOrEqualTo(1), "the scaling pool's worker is a Workload entry");
        foreach (var status in await page.Locator("#view-pool tbody tr td:nth-child(2)").AllInnerTextsAsync())
            Assert.That(status.Trim(), Is.EqualTo("Workload"));
        await tab.AssertStayedOfflineAsync();
        await page.CloseAsync();
    }

    /// <summary>The "of N" of the page's pager once it equals the API's total for the same listing (both may move while the pool refills).</summary>
    private async Task<long> SettledTotalAsync(ILocator info, string apiPath)
    {
        var settled = await Eventually.Until(async () =>
        {
            var shown = long.Parse(Regex.Match(await info.InnerTextAsync(), @"of (\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var actual = (long)(await _worker.GetAsync(apiPath))["total"]!;
            return (long?)(shown == actual ? shown : -1);
        }, n => n >= 0, TimeSpan.FromSeconds(20), $"the pager's total equals {apiPath}");
        return settled!.Value;
    }

    [Test]
    public async Task Budgets_creations_and_scaling_pages_show_what_the_API_holds()
    {
        await ProvisionCommittedAsync();
        var tab = await OpenAsync("#/budgets");
        var page = tab.Page;
        var bar = page.Locator(".budget[data-budget=app]");
        await Expect(bar.Locator(".title")).ToContainTextAsync(new Regex(@"spent [1-9]"));
        var spentWidth = await bar.Locator(".bar .spent").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.That(spentWidth, Is.GreaterThan(0), "the spent part of the bar is drawn");
        await Expect(page.Locator("#view-budgets table")).ToContainTextAsync("Settled");

        await tab.GoAsync("#/creations?state=Created");
        await Expect(page.Locator("#view-creations tbody tr").First).ToContainTextAsync("Created");

        await tab.GoAsync("#/scaling");
        var pool = page.Locator("section[data-pool=workers]");
        await Expect(pool).ToContainTextAsync("Registered");
        await pool.Locator("button[type=submit]").ClickAsync();
        await tab.ConfirmAsync("Create worker");
        await Expect(pool.Locator(".result")).ToContainTextAsync("within_bounds");   // the policy's 409, shown as it came
        await tab.AssertStayedOfflineAsync(ignoreApiErrors: true);
        await page.CloseAsync();
    }
}
