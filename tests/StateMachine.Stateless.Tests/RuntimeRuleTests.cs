using Canic.Fsm.StateMachine.Testing;

namespace Canic.Fsm.StateMachine.Stateless.Tests;

/// <summary>The runtime's rules: queued firing from any thread, guards at dequeue, activities, late results.</summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed class RuntimeRuleTests(bool withSuperstates) : StringMachineTestBase(withSuperstates)
{
    [Test]
    public async Task Triggers_from_8_producers_are_handled_exactly_once_and_in_order_per_producer()
    {
        const int producers = 8, perProducer = 10_000;
        var applied = Enumerable.Range(0, producers).Select(_ => new List<int>(perProducer)).ToArray();
        var step = _machine.SetTriggerParameters<int, int>("step");
        _machine.Configure("A").Permit("step", "B").OnEntryFrom(step, (p, i) => applied[p].Add(i));  // only the loop adds
        _machine.Configure("B").Permit("step", "A").OnEntryFrom(step, (p, i) => applied[p].Add(i));
        _machine.Start();

        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (int i = 0; i < perProducer; i++) _machine.Fire(step, p, i);
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        Assert.That(await _machine.CanFireAsync("step"), Is.True);  // answered after every queued trigger

        for (int p = 0; p < producers; p++)
            Assert.That(applied[p], Is.EqualTo(Enumerable.Range(0, perProducer)), $"producer {p}");
        Assert.That(_machine.State, Is.EqualTo("A"), "80,000 transitions between two states end where they began");
        Assert.That(_machine.Fault, Is.Null);
    }

    [Test]
    public async Task A_guard_is_evaluated_when_the_trigger_is_dequeued_not_when_it_is_fired()
    {
        bool open = false;
        using var loopGate = new ManualResetEventSlim();
        var holding = new TaskCompletionSource();
        _machine.OnUnhandledTrigger(UnhandledTriggerPolicy.Ignore);
        _machine.Configure("A")
            .InternalTransition("hold", _ => { holding.SetResult(); loopGate.Wait(); })
            .PermitIf("go", "B", () => open, "door open");
        _machine.Configure("B").PermitIf("go", "A", () => open, "door open");
        _machine.Start();

        _machine.Fire("hold");
        await holding.Task;                  // the loop is inside the first trigger
        _machine.Fire("go");                 // the door is closed now...
        open = true;                         // ...and open when the trigger is dequeued
        loopGate.Set();
        await _script.ExpectAsync("A", "B");

        open = false;
        _machine.Fire("go");                 // closed at dequeue: ignored by policy
        Assert.That(await _machine.CanFireAsync("go"), Is.False);
        Assert.That(_machine.State, Is.EqualTo("B"));
    }

    [Test]
    public async Task An_activity_is_cancelled_and_unwound_before_the_exit_and_the_next_entry_actions_run()
    {
        var log = new List<string>();
        var cancelled = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        _machine.Configure("A").Permit("stop", "B").OnExit(() => { lock (log) log.Add("A exit"); });
        _machine.Configure("B").OnEntry(() => { lock (log) log.Add("B entry"); });
        _machine.Activity("A", async token =>
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            lock (log) log.Add("A cancelled");
            cancelled.SetResult();
            await release.Task;              // unwinding takes as long as the test says
            lock (log) log.Add("A unwound");
        });
        _machine.Start();
        await _script.ExpectAsync("A");

        _machine.Fire("stop");
        await cancelled.Task;
        lock (log) Assert.That(log, Is.EqualTo(new[] { "A cancelled" }));
        Assert.That(_machine.State, Is.EqualTo("A"), "the machine is still in A while its activity unwinds");
        release.SetResult();
        await _script.ExpectAsync("B");
        lock (log) Assert.That(log, Is.EqualTo(new[] { "A cancelled", "A unwound", "A exit", "B entry" }));
    }

    [Test]
    public async Task A_superstates_activity_keeps_running_between_its_substates_and_stops_when_it_is_left()
    {
        var tokens = new Dictionary<string, List<CancellationToken>> { ["Parent"] = [], ["Child1"] = [] };
        var started = new TaskCompletionSource();
        Func<CancellationToken, Task> Work(string state) => async token =>
        {
            lock (tokens) tokens[state].Add(token);
            if (state == "Child1") started.SetResult();
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        };
        var machine = new StatelessMachine<string, string>("Child1");
        using var script = new MachineScript(machine);
        machine.Configure("Parent").Permit("out", "Outside");
        machine.Configure("Child1").SubstateOf("Parent").Permit("next", "Child2");
        machine.Configure("Child2").SubstateOf("Parent");
        machine.Activity("Parent", Work("Parent")).Activity("Child1", Work("Child1"));
        machine.Start();
        await started.Task;

        machine.Fire("next");
        await script.ExpectAsync("Child1", "Child2");
        Assert.That(machine.IsInState("Parent"), Is.True);
        lock (tokens)
        {
            Assert.That(tokens["Child1"].Single().IsCancellationRequested, Is.True);
            Assert.That(tokens["Parent"].Single().IsCancellationRequested, Is.False, "kept between substates");
        }

        machine.Fire("out");
        await script.ExpectAsync("Outside");
        lock (tokens) Assert.That(tokens["Parent"].Single().IsCancellationRequested, Is.True);
        Assert.That(machine.IsInState("Parent"), Is.False);
        await machine.StopAsync();
    }

    [Test]
    public async Task A_result_of_an_activity_that_ignores_cancellation_is_discarded_once_its_state_was_left()
    {
        var finish = new TaskCompletionSource();
        _machine.Configure("A").Permit("leave", "B").Permit("done", "C");
        _machine.Configure("B").Permit("done", "C");   // would be taken if the late result were applied
        _machine.Activity("A", async _ =>
        {
            await finish.Task;                   // ignores its token
            return "done";
        });
        _machine.Start();
        await _script.ExpectAsync("A");

        _machine.Fire("leave");                  // waits for the activity to unwind
        finish.SetResult();
        await _script.ExpectAsync("B");
        Assert.That(await _machine.CanFireAsync("done"), Is.True);
        Assert.That(_machine.State, Is.EqualTo("B"));
        Assert.That(_script.Seen, Is.EqualTo(new[] { "A", "B" }));
    }

    [Test]
    public async Task A_result_queued_behind_a_trigger_that_leaves_its_state_is_discarded()
    {
        using var loopGate = new ManualResetEventSlim();
        var holding = new TaskCompletionSource();
        var finish = new TaskCompletionSource();  // synchronous continuations: the result is queued inside SetResult
        _machine.Configure("A").Permit("leave", "B").Permit("done", "C")
            .InternalTransition("hold", _ => { holding.SetResult(); loopGate.Wait(); });
        _machine.Configure("B").Permit("done", "C");
        _machine.Activity("A", async _ =>
        {
            await finish.Task;
            return "done";
        });
        _machine.Start();
        await _script.ExpectAsync("A");

        _machine.Fire("hold");
        await holding.Task;                      // the loop is busy
        _machine.Fire("leave");
        finish.SetResult();                      // the activity's result queues behind "leave"
        loopGate.Set();
        await _script.ExpectAsync("B");
        Assert.That(await _machine.CanFireAsync("done"), Is.True);
        Assert.That(_machine.State, Is.EqualTo("B"));
    }

    [Test]
    public async Task A_late_result_stays_late_when_its_state_is_entered_again_before_it_is_dequeued()
    {
        // A flat machine reuses an activity once its result was handled; one reused as soon as its state was left would
        // take this late "done" for the new entry's.
        using var loopGate = new ManualResetEventSlim();
        var holding = new TaskCompletionSource();
        var finish = new TaskCompletionSource();  // synchronous continuations: the result is queued inside SetResult
        var tokens = new List<CancellationToken>();
        _machine.Configure("A").Permit("leave", "B").Permit("done", "C")
            .InternalTransition("hold", _ => { holding.SetResult(); loopGate.Wait(); });
        _machine.Configure("B").Permit("back", "A");
        _machine.Activity("A", async token =>
        {
            lock (tokens) tokens.Add(token);
            if (tokens.Count == 1) await finish.Task;
            else await Task.Delay(Timeout.Infinite, token);
            return "done";
        });
        _machine.Start();
        await _script.ExpectAsync("A");

        _machine.Fire("hold");
        await holding.Task;                      // the loop is busy
        _machine.Fire("leave");
        _machine.Fire("back");
        finish.SetResult();                      // the first entry's result queues behind "leave" and "back"
        loopGate.Set();
        await _script.ExpectAsync("B", "A");
        _machine.Fire("leave");                  // the second entry's activity is still running: it is cancelled
        await _script.ExpectAsync("B");
        Assert.That(_script.Seen, Is.EqualTo(new[] { "A", "B", "A", "B" }), "the late result moved the machine on");
        lock (tokens) Assert.That(tokens.Select(token => token.IsCancellationRequested), Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public async Task A_restart_runs_an_activity_again_that_had_finished_before_the_stop()
    {
        // The finished activity's record outlived the stop: with superstates the restart took it for a running one and
        // did not start the activity; a flat machine started it but kept the old record beside it.
        using var handled = new SemaphoreSlim(0);
        _machine.Configure("A").InternalTransition("noted", _ => handled.Release()).Permit("leave", "B");
        _machine.Activity("A", _ => Task.FromResult("noted"));  // finishes; its result leaves it in the configuration
        _machine.Start();
        Assert.That(await handled.WaitAsync(TimeSpan.FromSeconds(5)), Is.True, "the first result was not handled");
        Assert.That(_machine.ActivitiesInConfiguration, Is.EqualTo(1));

        await _machine.StopAsync();
        _machine.Start();
        Assert.That(await handled.WaitAsync(TimeSpan.FromSeconds(5)), Is.True, "the second start's result was not handled");
        Assert.That(_machine.ActivitiesInConfiguration, Is.EqualTo(1), "the first start's activity is still held");
        _machine.Fire("leave");
        await _script.ExpectAsync("A", MachineScript.Stopped, "A", "B");
        Assert.That(_machine.ActivitiesInConfiguration, Is.Zero);
    }

    [Test]
    public async Task Activities_that_finish_at_once_or_after_an_await_hand_over_their_triggers_in_turn()
    {
        var order = new List<string>();
        _machine.Configure("A").Permit("next", "B").OnEntry(() => order.Add("enter A"));
        _machine.Configure("B").Permit("next", "C").OnEntry(() => order.Add("enter B"));
        _machine.Configure("C").OnEntry(() => order.Add("enter C"));
        _machine.Activity("A", _ => Task.FromResult("next"));  // done before the engine even sees the run
        _machine.Activity("B", async _ =>
        {
            await Task.Yield();
            return "next";
        });
        _machine.Start();
        await _script.ExpectAsync("A", "B", "C");
        Assert.That(order, Is.EqualTo(new[] { "enter B", "enter C" }), "each entered once, in order (the initial state is not entered by a trigger)");
        Assert.That(_machine.Fault, Is.Null);
    }

    [Test]
    public async Task An_activity_result_fires_its_trigger_and_a_reentry_restarts_the_activity()
    {
        int runs = 0;
        var tokens = new List<CancellationToken>();
        var second = new TaskCompletionSource();
        _machine.Configure("A").PermitReentry("again").Permit("done", "B").Ignore("noise").InternalTransition("poke", _ => { });
        _machine.Activity("A", async token =>
        {
            lock (tokens) tokens.Add(token);
            if (Interlocked.Increment(ref runs) == 2) second.SetResult();
            if (runs < 2) await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            else await Task.Yield();
            return "done";
        });
        _machine.Start();
        await _script.ExpectAsync("A");
        _machine.Fire("noise");  // ignored: the activity keeps running
        _machine.Fire("poke");   // internal: the activity keeps running
        Assert.That(await _machine.CanFireAsync("again"), Is.True);
        lock (tokens) Assert.That(tokens.Single().IsCancellationRequested, Is.False);

        _machine.Fire("again");  // reentry: cancelled, exited, entered, started again; its result moves on
        await _script.ExpectAsync("A", "B");
        lock (tokens) Assert.That(tokens.Select(token => token.IsCancellationRequested), Is.EqualTo(new[] { true, true }));
        Assert.That(runs, Is.EqualTo(2));
    }

    [Test]
    public async Task Stop_cancels_and_awaits_the_activities_and_a_restart_resumes_in_the_same_state()
    {
        var unwound = false;
        _machine.Configure("A").Permit("go", "B");
        _machine.Configure("B").Permit("go", "A");
        _machine.Activity("B", async token =>
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.Yield();
            unwound = true;
        });
        _machine.Start();
        _script.Feed(_machine.Trigger("go"));
        await _script.ExpectAsync("A", "B");
        await _machine.StopAsync();
        Assert.That(unwound, Is.True);
        await _script.ExpectAsync(MachineScript.Stopped);

        _machine.Start();
        await _script.ExpectAsync("B");
        _script.Feed(_machine.Trigger("go"));
        await _script.ExpectAsync("A");
    }
}
