using Microsoft.Extensions.Time.Testing;

namespace Canic.Fsm.Orchestration.Tests.Orchestrator;

/// <summary>
/// Ids and created_at_times come from the database, not from the clock alone: an orchestrator reopened on the same
/// file with a clock that went back issues only ids and created_at_times above every one already recorded.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class IdContinuityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task A_reopen_with_a_clock_a_day_behind_continues_above_every_recorded_id_and_created_at_time()
    {
        // minimumSize 0: every attempt creates a canister, so both attempts and creation records get ids.
        await using var h = new OrchestratorHarness(minimumSize: 0);
        var now = DateTimeOffset.UtcNow;
        var first = await h.OpenAsync(time: new FakeTimeProvider(now));
        var before = await first.WaitForAttemptAsync(await first.ProvisionAsync("app")).WaitAsync(Timeout);
        var creationBefore = first.ListCreations(null, 0, 10).Items.Single();
        await first.StopAsync();

        var second = await h.OpenAsync(time: new FakeTimeProvider(now.AddDays(-1)));
        var after = await second.WaitForAttemptAsync(await second.ProvisionAsync("app")).WaitAsync(Timeout);
        var creations = second.ListCreations(null, 0, 10).Items;
        var creationAfter = creations.Single(c => c.Id != creationBefore.Id);

        Assert.That(after.State, Is.EqualTo("Committed"), after.Reason);
        Assert.That(after.Id, Is.GreaterThan(before.Id));
        Assert.That(creationAfter.Id, Is.GreaterThan(Math.Max(before.Id, creationBefore.Id)));
        Assert.That(creationAfter.CreatedAtTime, Is.GreaterThan(creationBefore.CreatedAtTime));
        Assert.That(creationAfter.Pid, Is.Not.EqualTo(creationBefore.Pid), "a reused created_at_time is answered with the old canister");
        await second.StopAsync();
    }
}
