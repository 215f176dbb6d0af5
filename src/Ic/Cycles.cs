using System.Globalization;
using System.Numerics;

namespace Canic.Fsm.Ic;

/// <summary>
/// A non-negative amount of cycles (up to 2^128 - 1), written as a plain integer or with a suffix:
/// <c>"5T"</c> (10^12), <c>"500B"</c> (10^9), <c>"100M"</c> (10^6), <c>"2K"</c> (10^3), decimals allowed
/// (<c>"2.5T"</c>) as long as the result is a whole number of cycles. Arithmetic never wraps silently.
/// </summary>
public readonly struct Cycles : IEquatable<Cycles>, IComparable<Cycles>
{
    private static readonly (char Suffix, UInt128 Scale)[] Suffixes =
        [('T', 1_000_000_000_000), ('B', 1_000_000_000), ('M', 1_000_000), ('K', 1_000)];

    /// <summary>Creates an amount.</summary>
    public Cycles(UInt128 value) => Value = value;

    /// <summary>The amount, in cycles.</summary>
    public UInt128 Value { get; }

    /// <summary>No cycles.</summary>
    public static Cycles Zero => default;

    /// <summary>The amount as a 64-bit signed integer, the form SQLite stores.</summary>
    /// <exception cref="OverflowException">The amount exceeds <see cref="long.MaxValue"/>.</exception>
    public long ToInt64() => Value <= (UInt128)long.MaxValue
        ? (long)Value
        : throw new OverflowException($"{this} cycles exceed the largest storable amount ({long.MaxValue}).");

    /// <summary>An amount from a stored 64-bit value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static Cycles FromInt64(long value) => value >= 0
        ? new Cycles((UInt128)value)
        : throw new ArgumentOutOfRangeException(nameof(value), value, "Cycles cannot be negative.");

    /// <summary>Parses <c>"5T"</c>, <c>"500B"</c>, <c>"100M"</c>, <c>"2.5T"</c>, <c>"1_000"</c> or a plain integer.</summary>
    /// <exception cref="FormatException">The text is not a valid amount; the message names it and says why.</exception>
    public static Cycles Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var cycles, out var error)
            ? cycles
            : throw new FormatException($"Invalid cycles amount '{text}': {error}.");
    }

    /// <summary>Parses like <see cref="Parse"/>; returns false on invalid input.</summary>
    public static bool TryParse(string? text, out Cycles cycles) => TryParse(text, out cycles, out _);

    private static bool TryParse(string? text, out Cycles cycles, out string error)
    {
        cycles = default;
        var s = (text ?? "").Trim().Replace("_", "", StringComparison.Ordinal);
        if (s.Length == 0) { error = "it is empty"; return false; }
        if (s[0] == '-') { error = "cycles cannot be negative"; return false; }
        UInt128 scale = 1;
        var last = char.ToUpperInvariant(s[^1]);
        if (char.IsLetter(last))
        {
            var match = Array.FindIndex(Suffixes, x => x.Suffix == last);
            if (match < 0) { error = $"unknown suffix '{s[^1]}' (use T, B, M or K)"; return false; }
            scale = Suffixes[match].Scale;
            s = s[..^1];
        }
        var parts = s.Split('.');
        // ".5T" is accepted, "5.T" and "." are not: the last part must hold digits.
        if (parts.Length > 2 || parts[^1].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            error = "expected digits, an optional decimal part and an optional suffix T, B, M or K";
            return false;
        }
        var digits = BigInteger.Parse("0" + parts[0], CultureInfo.InvariantCulture);
        var fraction = parts.Length == 2 ? parts[1].TrimEnd('0') : "";
        var value = digits * (BigInteger)scale;
        if (fraction.Length > 0)
        {
            var denominator = BigInteger.Pow(10, fraction.Length);
            var numerator = BigInteger.Parse(fraction, CultureInfo.InvariantCulture) * (BigInteger)scale;
            if (numerator % denominator != 0) { error = "it is not a whole number of cycles"; return false; }
            value += numerator / denominator;
        }
        if (value > (BigInteger)UInt128.MaxValue) { error = "it exceeds 2^128 - 1"; return false; }
        cycles = new Cycles((UInt128)value);
        error = "";
        return true;
    }

    /// <summary>
    /// The largest suffix the amount reaches, when it is exact with at most three decimals
    /// (<c>"5T"</c>, <c>"2.5T"</c>, <c>"500B"</c>, <c>"1.234K"</c>); otherwise the plain integer. Parses back to the same amount.
    /// </summary>
    public override string ToString()
    {
        foreach (var (suffix, scale) in Suffixes)
        {
            if (Value < scale) continue;
            var whole = Value / scale;
            var rest = Value % scale;
            if (rest == 0) return $"{whole}{suffix}";
            var digits = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
            var fraction = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
            return fraction.Length <= 3 ? $"{whole}.{fraction}{suffix}" : Value.ToString(CultureInfo.InvariantCulture);
        }
        return Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Sum; throws instead of wrapping.</summary>
    /// <exception cref="OverflowException">The sum exceeds 2^128 - 1.</exception>
    public static Cycles operator +(Cycles a, Cycles b) => new(checked(a.Value + b.Value));

    /// <summary>Difference; throws instead of going negative.</summary>
    /// <exception cref="OverflowException">b is larger than a.</exception>
    public static Cycles operator -(Cycles a, Cycles b) => b.Value <= a.Value
        ? new Cycles(a.Value - b.Value)
        : throw new OverflowException($"Cannot subtract {b} from {a}: cycles cannot be negative.");

    /// <summary>Ordering.</summary>
    public static bool operator <(Cycles a, Cycles b) => a.Value < b.Value;
    /// <summary>Ordering.</summary>
    public static bool operator >(Cycles a, Cycles b) => a.Value > b.Value;
    /// <summary>Ordering.</summary>
    public static bool operator <=(Cycles a, Cycles b) => a.Value <= b.Value;
    /// <summary>Ordering.</summary>
    public static bool operator >=(Cycles a, Cycles b) => a.Value >= b.Value;
    /// <summary>Equality.</summary>
    public static bool operator ==(Cycles a, Cycles b) => a.Value == b.Value;
    /// <summary>Inequality.</summary>
    public static bool operator !=(Cycles a, Cycles b) => a.Value != b.Value;

    /// <inheritdoc />
    public bool Equals(Cycles other) => Value == other.Value;
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Cycles other && Equals(other);
    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();
    /// <inheritdoc />
    public int CompareTo(Cycles other) => Value.CompareTo(other.Value);
}
