using Canic.Fsm.Orchestration.Api;
using Canic.Fsm.Worker.Dashboard;
using Canic.Fsm.Worker.Hosting;

namespace Canic.Fsm.Worker.Tests.Dashboard;

public class TransitionFeedTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TransitionFeed Feed(int count)
    {
        var feed = new TransitionFeed(new OrchestratorAccessor());
        for (var i = 1; i <= count; i++)
            feed.Add(new OrchestratorTransition(i % 2 == 0 ? "pool" : "attempt", $"id{i % 3}", $"s{i - 1}", $"s{i}", null), At);
        return feed;
    }

    [Test]
    public void Transitions_are_numbered_and_read_after_a_number_oldest_first()
    {
        var feed = Feed(5);

        Assert.That(feed.Last, Is.EqualTo(5));
        Assert.That(feed.After(3, null, null, 100).Select(e => e.Seq), Is.EqualTo(new long[] { 4, 5 }));
        Assert.That(feed.After(5, null, null, 100), Is.Empty);
    }

    [Test]
    public void A_limit_keeps_the_newest_and_filters_select_one_record()
    {
        var feed = Feed(9);

        Assert.That(feed.After(0, null, null, 2).Select(e => e.Seq), Is.EqualTo(new long[] { 8, 9 }));
        Assert.That(feed.After(0, "pool", "id1", 100).Select(e => e.Seq), Is.EqualTo(new long[] { 4 }));
        Assert.That(feed.After(0, "attempt", null, 100).Select(e => e.To), Is.EqualTo(new[] { "s1", "s3", "s5", "s7", "s9" }));
    }

    [Test]
    public void Only_the_last_capacity_transitions_are_kept()
    {
        var feed = Feed(TransitionFeed.Capacity + 7);

        var kept = feed.After(0, null, null, int.MaxValue);
        Assert.That(kept, Has.Count.EqualTo(TransitionFeed.Capacity));
        Assert.That(kept[0].Seq, Is.EqualTo(8));
        Assert.That(feed.Last, Is.EqualTo(TransitionFeed.Capacity + 7));
    }
}
