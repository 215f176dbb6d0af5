using Canic.Fsm.Ic;
using Canic.Fsm.Orchestration.Domain;
using Canic.Fsm.Orchestration.Provisioning;

namespace Canic.Fsm.Orchestration.Tests.Provisioning;

/// <summary>The persisted vocabulary of an attempt maps to its machine's through one table, and nothing falls through it.</summary>
public class AttemptResumptionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static ProvisioningAttempt Attempt(AttemptState state, string? reason = null) =>
        new("1", "app", null, state, Principal.FromBytes([1, 2]), AllocationSource.New, "00", 7, null, reason, Now, Now);

    private static CreationRecord Creation(CreationState state) =>
        new("2", CreationPurpose.Attempt, "1", CreationMethod.Ledger, 1, Cycles.Parse("1T"), state, null, null, Now);

    [Test]
    public void Every_persisted_state_has_a_row() =>
        Assert.That(AttemptResumption.Known, Is.EquivalentTo(Enum.GetValues<AttemptState>()));

    [Test]
    public void Only_the_ends_and_Blocked_are_not_resumed() =>
        Assert.That(Enum.GetValues<AttemptState>().Where(s => !AttemptResumption.Resumes(s)),
            Is.EquivalentTo(new[] { AttemptState.Committed, AttemptState.Failed, AttemptState.Blocked }));

    [Test]
    public void Every_resume_is_a_state_the_chart_lets_a_machine_start_in()
    {
        foreach (var state in Enum.GetValues<AttemptState>().Where(AttemptResumption.Resumes))
        foreach (var creation in new[] { null, Creation(CreationState.Intent), Creation(CreationState.Created) })
        {
            var resumed = AttemptResumption.ResumeState(Attempt(state), creation);
            Assert.That(AttemptMachine.Chart.Permits(null, resumed), Is.True, $"{state} resumes in {resumed}, which the chart does not declare initial");
        }
    }

    [TestCase(AttemptState.Reserved, "Reserved")]
    [TestCase(AttemptState.Allocated, "Allocated")]
    [TestCase(AttemptState.Installing, "Installing")]
    [TestCase(AttemptState.Compensating, "Compensating")]
    [TestCase(AttemptState.Requested, "Compensating")]
    [TestCase(AttemptState.ModuleResolved, "Compensating")]
    public void A_persisted_state_resumes_in_its_machine_state(AttemptState persisted, string machineState) =>
        Assert.That(AttemptResumption.ResumeState(Attempt(persisted), null).ToString(), Is.EqualTo(machineState));

    [Test]
    public void Reserved_with_a_creation_intent_resends_it_and_without_one_allocates_again()
    {
        Assert.That(AttemptResumption.ResumeState(Attempt(AttemptState.Reserved), Creation(CreationState.Intent)), Is.TypeOf<AllocatingState>());
        Assert.That(AttemptResumption.ResumeState(Attempt(AttemptState.Reserved), Creation(CreationState.Failed)), Is.TypeOf<ReservedState>());
    }

    [Test]
    public void A_resumed_compensation_keeps_its_reason_and_an_interrupted_request_says_where()
    {
        var compensating = (CompensatingState)AttemptResumption.ResumeState(Attempt(AttemptState.Compensating, "delete: pool over maximum_size"), null);
        Assert.That(compensating.Reason, Is.EqualTo("delete: pool over maximum_size"));
        Assert.That(((CompensatingState)AttemptResumption.ResumeState(Attempt(AttemptState.Requested), null)).Reason,
            Is.EqualTo("interrupted in Requested before its reservation was made"));
    }

    [Test]
    public void Resuming_a_state_that_is_not_resumed_is_an_error() =>
        Assert.Throws<InvalidOperationException>(() => AttemptResumption.ResumeState(Attempt(AttemptState.Blocked), null));
}
