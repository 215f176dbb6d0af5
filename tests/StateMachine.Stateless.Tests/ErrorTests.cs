namespace Canic.Fsm.StateMachine.Stateless.Tests;

/// <summary>Errors go to the error trigger or fault the machine; never to whoever fired.</summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed class ErrorTests(bool withSuperstates) : StringMachineTestBase(withSuperstates)
{
    [Test]
    public async Task An_activitys_exception_fires_the_error_trigger_with_the_exception()
    {
        Exception? seen = null;
        var failed = _machine.SetTriggerParameters<Exception>("failed");
        _machine.OnErrorFire(failed);
        _machine.Configure("A").Permit("failed", "Failed");
        _machine.Configure("Failed").OnEntryFrom(failed, error => seen = error);
        _machine.Activity("A", async _ =>
        {
            await Task.Yield();
            throw new TimeoutException("the canister did not answer");
        });
        _machine.Start();
        await _script.ExpectAsync("A", "Failed");
        Assert.That(seen, Is.TypeOf<TimeoutException>().With.Message.EqualTo("the canister did not answer"));
        Assert.That(_machine.Fault, Is.Null);
    }

    [Test]
    public async Task Without_an_error_trigger_an_activitys_exception_faults_the_machine()
    {
        _machine.Configure("A").Permit("go", "B");
        _machine.Activity("A", _ => throw new InvalidDataException("bad reply"));
        _machine.Start();
        MachineFaultException fault = await _machine.Faulted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(fault.InnerException, Is.TypeOf<InvalidDataException>());
        Assert.That(fault.Message, Does.Contain("bad reply").And.Contain("A"));
        Assert.That(_machine.IsStarted, Is.False);
    }

    [Test]
    public async Task An_entry_actions_exception_is_not_thrown_at_the_caller_but_fires_the_error_trigger()
    {
        _machine.OnErrorFire("failed");
        _machine.Configure("A").Permit("go", "B");
        _machine.Configure("B").OnEntry(() => throw new InvalidOperationException("entry broke")).Permit("failed", "Failed");
        _machine.Start();
        Assert.DoesNotThrow(() => _machine.Fire("go"));
        await _script.ExpectAsync("A", "B", "Failed");
    }

    [Test]
    public async Task An_error_trigger_the_current_state_does_not_handle_faults_the_machine_with_the_original_error()
    {
        _machine.OnErrorFire("failed");
        _machine.OnUnhandledTrigger(UnhandledTriggerPolicy.Ignore);  // even so: an error is never dropped
        _machine.Configure("A").Permit("go", "B");
        _machine.Configure("B").OnEntry(() => throw new InvalidOperationException("entry broke"));
        _machine.Start();
        _machine.Fire("go");
        MachineFaultException fault = await _machine.Faulted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(fault.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("entry broke"));
        Assert.That(fault.Message, Does.Contain("'failed'").And.Contain("'B'"));
    }

    [Test]
    public async Task An_exception_while_leaving_an_activity_state_is_routed_after_the_transition()
    {
        _machine.OnErrorFire("failed");
        _machine.Configure("A").Permit("go", "B");
        _machine.Configure("B").OnEntry(() => throw new InvalidOperationException("entry broke")).Permit("failed", "Failed");
        _machine.Activity("A", token => Task.Delay(Timeout.Infinite, token));
        _machine.Start();
        await _script.ExpectAsync("A");
        _machine.Fire("go");
        await _script.ExpectAsync("B", "Failed");
        Assert.That(_machine.Fault, Is.Null);
    }

    [Test]
    public async Task By_default_an_unhandled_trigger_faults_the_machine_naming_the_unmet_guards()
    {
        _machine.Configure("A").PermitIf("go", "B", () => false, "reserved cycles");
        _machine.Start();
        _machine.Fire("go");
        MachineFaultException fault = await _machine.Faulted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(fault.Message, Does.Contain("'go'").And.Contain("'A'").And.Contain("reserved cycles"));
    }

    [Test]
    public async Task An_unhandled_trigger_can_be_ignored_or_given_to_a_handler_with_the_unmet_guards()
    {
        var unhandled = new List<string>();
        _machine.OnUnhandledTrigger((state, trigger, guards) => unhandled.Add($"{trigger} in {state}: {string.Join(",", guards)}"));
        _machine.Configure("A").PermitIf("go", "B", () => false, "reserved cycles").Permit("next", "B");
        _machine.Start();
        _machine.Fire("go");
        _machine.Fire("nope");
        _machine.Fire("next");
        await _script.ExpectAsync("A", "B");
        Assert.That(unhandled, Is.EqualTo(new[] { "go in A: reserved cycles", "nope in A: " }));

        var ignoring = new StatelessMachine<string, string>("A").OnUnhandledTrigger(UnhandledTriggerPolicy.Ignore);
        ignoring.Configure("A").Permit("next", "B");
        ignoring.Start();
        ignoring.Fire("nope");
        Assert.That(await ignoring.CanFireAsync("next"), Is.True);
        Assert.That(ignoring.Fault, Is.Null);
        await ignoring.StopAsync();
    }

    [Test]
    public void Bad_trigger_arguments_are_refused_on_the_callers_thread()
    {
        var assign = _machine.SetTriggerParameters<int>("assign");
        _machine.Configure("A").PermitIf(assign, "B", n => n > 0);
        _machine.Start();
        Assert.Throws<ArgumentException>(() => _machine.Fire((global::Stateless.StateMachine<string, string>.TriggerWithParameters)assign, "three"));
        Assert.That(_machine.Fault, Is.Null);
    }
}
