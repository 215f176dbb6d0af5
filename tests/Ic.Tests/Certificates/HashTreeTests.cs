using Canic.Fsm.Ic.Certificates;
using static Canic.Fsm.Ic.Tests.Support.TreeBuilder;

namespace Canic.Fsm.Ic.Tests.Certificates;

/// <summary>The spec's example tree, its pruned form, and the four lookup outcomes (the spec, not agent-js, decides).</summary>
public class HashTreeTests
{
    private static HashTree.Labeled Lab(string label, HashTree t) => new(L(label), t);
    private static HashTree.Leaf Val(string value) => new(L(value));
    private static HashTree.Fork F(HashTree a, HashTree b) => new(a, b);

    private static readonly HashTree Full = F(
        F(Lab("a", F(F(Lab("x", Val("hello")), HashTree.Empty.Instance), Lab("y", Val("world")))), Lab("b", Val("good"))),
        F(Lab("c", HashTree.Empty.Instance), Lab("d", Val("morning"))));

    private static readonly HashTree PrunedTree = F(
        F(Lab("a", F(HashTree.Pruned.Of(Convert.FromHexString("1B4FEFF9BEF8131788B0C9DC6DBAD6E81E524249C879E9F10F71CE3749F5A638")), Lab("y", Val("world")))),
          Lab("b", HashTree.Pruned.Of(Convert.FromHexString("7B32AC0C6BA8CE35AC82C255FC7906F7FC130DAB2A090F80FE12F9C2CAE83BA6")))),
        F(HashTree.Pruned.Of(Convert.FromHexString("EC8324B8A1F1AC16BD2E806EDBA78006479C9877FED4EB464A25485465AF601D")), Lab("d", Val("morning"))));

    [Test]
    public void Both_trees_have_the_spec_root_hash()
    {
        var expected = Vectors.AgentJs("spec example tree root hash");
        Assert.That(Convert.ToHexStringLower(Full.Digest()), Is.EqualTo(expected).And.EqualTo("eb5c5b2195e62d996b84c9bcc8259d19a83786a2f59e0878cec84c811f669aa0"));
        Assert.That(Convert.ToHexStringLower(PrunedTree.Digest()), Is.EqualTo(expected));
    }

    [TestCase("a/a", "Unknown")]
    [TestCase("a/y", "Found world")]
    [TestCase("aa", "Absent")]
    [TestCase("ax", "Absent")]
    [TestCase("b", "Unknown")]
    [TestCase("bb", "Unknown")] // agent-js answers Absent here; the spec's find_label gives Unknown (a pruned node follows "b").
    [TestCase("d", "Found morning")]
    [TestCase("e", "Absent")]
    [TestCase("a", "Error")]
    public void Lookups_in_the_pruned_tree_follow_the_spec(string path, string expected)
    {
        var result = PrunedTree.LookupPath(path.Split('/').Select(L).ToArray());
        var text = result.Status == LookupStatus.Found ? $"Found {System.Text.Encoding.UTF8.GetString(result.Value!)}" : result.Status.ToString();
        Assert.That(text, Is.EqualTo(expected));
    }

    [Test]
    public void In_the_full_tree_everything_is_found_or_absent()
    {
        Assert.That(Full.LookupPath(L("a"), L("x")).Value, Is.EqualTo(L("hello")));
        Assert.That(Full.LookupPath(L("bb")).Status, Is.EqualTo(LookupStatus.Absent));
        Assert.That(Full.LookupPath(L("c")).Status, Is.EqualTo(LookupStatus.Absent));
        Assert.That(Full.LookupPath(L("0")).Status, Is.EqualTo(LookupStatus.Absent));
    }
}
