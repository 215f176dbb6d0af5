using Canic.Fsm.Ic;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;

namespace Canic.Fsm.Ic.Tests;

public class CyclesTests
{
    [TestCase("5T", "5000000000000")]
    [TestCase("2.5T", "2500000000000")]
    [TestCase("500B", "500000000000")]
    [TestCase("100M", "100000000")]
    [TestCase("2K", "2000")]
    [TestCase("5t", "5000000000000")]
    [TestCase(".5T", "500000000000")]
    [TestCase("0.000000000001T", "1")]
    [TestCase("1_000_000", "1000000")]
    [TestCase(" 42 ", "42")]
    [TestCase("0", "0")]
    [TestCase("18446744073709551615", "18446744073709551615")]
    [TestCase("340282366920938463463374607431768211455", "340282366920938463463374607431768211455")]
    public void Parses(string text, string value) => Assert.That(Cycles.Parse(text).Value.ToString(), Is.EqualTo(value));

    [TestCase("-1T", "negative")]
    [TestCase("-5", "negative")]
    [TestCase("5X", "unknown suffix 'X'")]
    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("T", "expected digits")]
    [TestCase("5.T", "expected digits")]
    [TestCase(".", "expected digits")]
    [TestCase("1.2.3", "expected digits")]
    [TestCase("+5", "expected digits")]
    [TestCase("5 T", "expected digits")]
    [TestCase("0.5", "whole number")]
    [TestCase("1.0000000000001T", "whole number")]
    [TestCase("340282366920938463463374607431768211456", "exceeds")]
    [TestCase("340282366920938463463374607432T", "exceeds")]
    public void Refuses_bad_text_naming_it_and_why(string text, string why)
    {
        var error = Assert.Throws<FormatException>(() => Cycles.Parse(text))!;

        Assert.That(error.Message, Does.Contain($"'{text}'").And.Contain(why));
        Assert.That(Cycles.TryParse(text, out _), Is.False);
    }

    [TestCase("5000000000000", "5T")]
    [TestCase("2500000000000", "2.5T")]
    [TestCase("500000000000", "500B")]
    [TestCase("100000000", "100M")]
    [TestCase("1234", "1.234K")]
    [TestCase("1234567", "1234567")]
    [TestCase("999", "999")]
    [TestCase("0", "0")]
    [TestCase("5000000000000000000000", "5000000000T")]
    public void Formats_with_the_largest_exact_suffix(string value, string text) =>
        Assert.That(new Cycles(UInt128.Parse(value)).ToString(), Is.EqualTo(text));

    [Test]
    public void Arithmetic_never_wraps()
    {
        var max = new Cycles(UInt128.MaxValue);

        Assert.That(() => max + new Cycles(1), Throws.TypeOf<OverflowException>());
        Assert.That(() => Cycles.Parse("1T") - Cycles.Parse("2T"), Throws.TypeOf<OverflowException>().With.Message.Contains("negative"));
        Assert.That((Cycles.Parse("2T") - Cycles.Parse("500B")).ToString(), Is.EqualTo("1.5T"));
        Assert.That(Cycles.Parse("5T") + Cycles.Parse("500B"), Is.EqualTo(Cycles.Parse("5.5T")));
    }

    [Test]
    public void Int64_storage_form_round_trips_and_refuses_what_does_not_fit()
    {
        Assert.That(Cycles.FromInt64(long.MaxValue).ToInt64(), Is.EqualTo(long.MaxValue));
        Assert.That(() => new Cycles((UInt128)long.MaxValue + 1).ToInt64(), Throws.TypeOf<OverflowException>());
        Assert.That(() => Cycles.FromInt64(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Orders_and_compares_by_value()
    {
        Assert.That(Cycles.Parse("500B") < Cycles.Parse("1T"), Is.True);
        Assert.That(Cycles.Parse("1T") >= Cycles.Parse("1000B"), Is.True);
        Assert.That(new[] { Cycles.Parse("2T"), Cycles.Zero, Cycles.Parse("1T") }.Order().ToArray(),
            Is.EqualTo(new[] { Cycles.Zero, Cycles.Parse("1T"), Cycles.Parse("2T") }));
    }

    [FsCheckProperty(MaxTest = 300)]
    public bool Any_amount_round_trips_through_text(ulong high, ulong low) =>
        RoundTrips(new Cycles(((UInt128)high << 64) | low));

    [FsCheckProperty(MaxTest = 300)]
    public bool Round_amounts_round_trip_through_their_suffix_form(uint units, byte power) =>
        RoundTrips(new Cycles((UInt128)units * UInt128.CreateChecked(Math.Pow(10, power % 16))));

    private static bool RoundTrips(Cycles cycles) => Cycles.Parse(cycles.ToString()) == cycles;
}
