using System.Numerics;

namespace Canic.Fsm.Ic.Candid;

/// <summary>Conversions between Candid values and the IC value types, for typed clients.</summary>
public static class CandidConvert
{
    /// <summary>A <c>nat</c> of a 64-bit number.</summary>
    public static CandidValue Nat(ulong value) => new NatValue(value);

    /// <summary>A <c>nat</c> of cycles.</summary>
    public static CandidValue Nat(Cycles value) => new NatValue((BigInteger)value.Value);

    /// <summary>A <c>nat64</c>.</summary>
    public static CandidValue Nat64(ulong value) => new FixedNatValue(value, 64);

    /// <summary>A <c>principal</c>.</summary>
    public static CandidValue Principal(Principal value) => new PrincipalValue(value);

    /// <summary>A <c>text</c>.</summary>
    public static CandidValue Text(string value) => new TextValue(value);

    /// <summary>A <c>blob</c>.</summary>
    public static CandidValue Blob(ReadOnlySpan<byte> value) => new BlobValue(value);

    /// <summary><c>opt v</c> of a reference, none for null.</summary>
    public static OptValue Opt<T>(T? value, Func<T, CandidValue> convert) where T : class =>
        value is null ? CandidValue.None : CandidValue.Some(convert(value));

    /// <summary><c>opt v</c> of a value type, none for null.</summary>
    public static OptValue Opt<T>(T? value, Func<T, CandidValue> convert) where T : struct =>
        value is { } v ? CandidValue.Some(convert(v)) : CandidValue.None;

    /// <summary>A <c>vec</c>.</summary>
    public static CandidValue Vec<T>(IEnumerable<T> items, Func<T, CandidValue> convert) => new VecValue(items.Select(convert).ToList());

    /// <summary>The number of a <c>nat</c> or <c>nat64</c> that must fit 64 bits.</summary>
    /// <exception cref="CandidException">Not a nat, or too large.</exception>
    public static ulong ToUInt64(CandidValue value) => value switch
    {
        NatValue n when n.Value <= ulong.MaxValue => (ulong)n.Value,
        FixedNatValue f => f.Value,
        NatValue n => throw new CandidException(CandidError.TypeMismatch, $"{n.Value} does not fit 64 bits"),
        _ => throw new CandidException(CandidError.TypeMismatch, $"expected a nat, got {value}"),
    };

    /// <summary>The cycles of a <c>nat</c> (at most 2^128 − 1).</summary>
    /// <exception cref="CandidException">Not a nat, or too large.</exception>
    public static Cycles ToCycles(CandidValue value) => value switch
    {
        NatValue n when n.Value <= (BigInteger)UInt128.MaxValue => new Cycles((UInt128)n.Value),
        NatValue n => throw new CandidException(CandidError.TypeMismatch, $"{n.Value} cycles exceed 2^128 − 1"),
        _ => throw new CandidException(CandidError.TypeMismatch, $"expected a nat, got {value}"),
    };

    /// <summary>The principal of a <c>principal</c> value.</summary>
    /// <exception cref="CandidException">Not a principal.</exception>
    public static Principal ToPrincipal(CandidValue value) => value is PrincipalValue p
        ? p.Value
        : throw new CandidException(CandidError.TypeMismatch, $"expected a principal, got {value}");

    /// <summary>The text of a <c>text</c> value.</summary>
    /// <exception cref="CandidException">Not a text.</exception>
    public static string ToText(CandidValue value) => value is TextValue t
        ? t.Value
        : throw new CandidException(CandidError.TypeMismatch, $"expected text, got {value}");

    /// <summary>The bytes of a <c>blob</c>.</summary>
    /// <exception cref="CandidException">Not a blob.</exception>
    public static byte[] ToBytes(CandidValue value) => value is BlobValue b
        ? b.ToArray()
        : throw new CandidException(CandidError.TypeMismatch, $"expected a blob, got {value}");

    /// <summary>The items of a <c>vec</c>.</summary>
    /// <exception cref="CandidException">Not a vec.</exception>
    public static IReadOnlyList<CandidValue> ToItems(CandidValue value) => value is VecValue v
        ? v.Items
        : throw new CandidException(CandidError.TypeMismatch, $"expected a vec, got {value}");

    /// <summary>The value inside an <c>opt</c>, or null.</summary>
    /// <exception cref="CandidException">Not an opt.</exception>
    public static CandidValue? FromOpt(CandidValue value) => value is OptValue o
        ? o.Value
        : throw new CandidException(CandidError.TypeMismatch, $"expected an opt, got {value}");

    /// <summary>The record fields of a record value.</summary>
    /// <exception cref="CandidException">Not a record.</exception>
    public static RecordValue ToRecord(CandidValue value) => value as RecordValue
        ?? throw new CandidException(CandidError.TypeMismatch, $"expected a record, got {value}");

    /// <summary>The case of a variant value.</summary>
    /// <exception cref="CandidException">Not a variant.</exception>
    public static VariantValue ToVariant(CandidValue value) => value as VariantValue
        ?? throw new CandidException(CandidError.TypeMismatch, $"expected a variant, got {value}");
}
