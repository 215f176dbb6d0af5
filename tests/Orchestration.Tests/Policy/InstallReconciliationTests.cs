using Canic.Fsm.Orchestration.Policy;

namespace Canic.Fsm.Orchestration.Tests.Policy;

public class InstallReconciliationTests
{
    private static readonly byte[] Expected = [0xaa, 0xbb, 0xcc];

    [Test]
    public void The_expected_hash_means_installed()
    {
        var result = InstallReconciliation.Reconcile(Expected, [0xaa, 0xbb, 0xcc]);
        Assert.That(result.Verdict, Is.EqualTo(InstallVerdict.Installed));
    }

    [Test]
    public void No_module_means_install_again()
    {
        var result = InstallReconciliation.Reconcile(Expected, null);
        Assert.That(result.Verdict, Is.EqualTo(InstallVerdict.InstallAgain));
    }

    [TestCase(new byte[] { 0xaa, 0xbb, 0xcd })]
    [TestCase(new byte[] { 0xaa, 0xbb })]
    [TestCase(new byte[0])]
    public void Another_hash_is_a_conflict_naming_both(byte[] observed)
    {
        var result = InstallReconciliation.Reconcile(Expected, observed);
        Assert.That(result.Verdict, Is.EqualTo(InstallVerdict.Conflict));
        Assert.That(result.Reason, Does.Contain("aabbcc").And.Contain(Convert.ToHexStringLower(observed)));
    }
}
