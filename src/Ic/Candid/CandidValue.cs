using System.Globalization;
using System.Numerics;
using System.Text;

namespace Canic.Fsm.Ic.Candid;

/// <summary>
/// A Candid value, typed by the <see cref="CandidType"/> it is encoded or decoded at. <see cref="ToString"/>
/// gives a canonical text (field ids, not names), so two values are equal exactly when their texts are.
/// </summary>
public abstract record CandidValue
{
    private protected CandidValue() { }

    /// <summary>The value <c>null</c>.</summary>
    public static CandidValue Null { get; } = new NullValue();

    /// <summary>The value of a <c>reserved</c> type (whatever was sent, discarded).</summary>
    public static CandidValue Reserved { get; } = new ReservedValue();

    /// <summary><c>opt</c> absent.</summary>
    public static OptValue None { get; } = new(null);

    /// <summary><c>opt v</c>.</summary>
    public static OptValue Some(CandidValue value) => new(value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A <c>nat</c>.</summary>
    public static CandidValue NatOf(BigInteger value) => new NatValue(value);

    /// <summary>A record from named fields.</summary>
    public static RecordValue Record(params (string Name, CandidValue Value)[] fields) =>
        new(fields.ToDictionary(f => IdlHash.Of(f.Name), f => f.Value));

    /// <summary>A variant case by name.</summary>
    public static VariantValue Variant(string name, CandidValue? value = null) => new(IdlHash.Of(name), value ?? Null);

    /// <summary>A canonical text of the value.</summary>
    public abstract override string ToString();

    /// <summary>Structural equality, by canonical text.</summary>
    public bool SameAs(CandidValue other) => ToString() == other?.ToString();
}

/// <summary><c>null</c>.</summary>
public sealed record NullValue : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => "null";
}

/// <summary>A value decoded into <c>reserved</c>.</summary>
public sealed record ReservedValue : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => "reserved";
}

/// <summary><c>bool</c>.</summary>
public sealed record BoolValue(bool Value) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => Value ? "true" : "false";
}

/// <summary><c>nat</c> (non-negative, unbounded).</summary>
public sealed record NatValue : CandidValue
{
    /// <summary>Creates the value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public NatValue(BigInteger value) => Value = value.Sign >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "nat is non-negative.");

    /// <summary>The number.</summary>
    public BigInteger Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary><c>int</c> (unbounded).</summary>
public sealed record IntValue(BigInteger Value) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => "int " + Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary><c>nat8</c> .. <c>nat64</c>.</summary>
/// <param name="Value">The number.</param>
/// <param name="Bits">8, 16, 32 or 64.</param>
public sealed record FixedNatValue(ulong Value, int Bits) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => $"nat{Bits} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary><c>int8</c> .. <c>int64</c>.</summary>
/// <param name="Value">The number.</param>
/// <param name="Bits">8, 16, 32 or 64.</param>
public sealed record FixedIntValue(long Value, int Bits) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => $"int{Bits} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary><c>float32</c> or <c>float64</c> (decoded, never written by this client).</summary>
public sealed record FloatValue(double Value, int Bits) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => $"float{Bits} {Value.ToString("R", CultureInfo.InvariantCulture)}";
}

/// <summary><c>text</c>.</summary>
public sealed record TextValue(string Value) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => "\"" + Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary><c>principal</c>.</summary>
public sealed record PrincipalValue(Principal Value) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => $"principal \"{Value}\"";
}

/// <summary><c>blob</c> (<c>vec nat8</c>).</summary>
public sealed record BlobValue : CandidValue
{
    private readonly byte[] _bytes;

    /// <summary>Creates the value (copies the bytes).</summary>
    public BlobValue(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    internal BlobValue(byte[] bytes, bool own) => _bytes = own ? bytes : (byte[])bytes.Clone();

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A copy of the bytes.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <inheritdoc />
    public override string ToString() => "blob " + Convert.ToHexStringLower(_bytes);
}

/// <summary><c>opt t</c>: <see cref="Value"/> is null for none.</summary>
public sealed record OptValue(CandidValue? Value) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => Value is null ? "none" : $"opt {Value}";
}

/// <summary><c>vec t</c>.</summary>
public sealed record VecValue(IReadOnlyList<CandidValue> Items) : CandidValue
{
    /// <inheritdoc />
    public override string ToString() => $"vec {{{string.Join("; ", Items)}}}";
}

/// <summary><c>record</c>: values by field id.</summary>
public sealed record RecordValue(IReadOnlyDictionary<uint, CandidValue> Fields) : CandidValue
{
    /// <summary>The field named <paramref name="name"/>.</summary>
    /// <exception cref="CandidException">The record has no such field.</exception>
    public CandidValue this[string name] => Fields.TryGetValue(IdlHash.Of(name), out var v)
        ? v
        : throw new CandidException(CandidError.TypeMismatch, $"the record has no field '{name}'");

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder("record {");
        text.AppendJoin("; ", Fields.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"));
        return text.Append('}').ToString();
    }
}

/// <summary><c>variant</c>: one case by id, with its value (<see cref="CandidValue.Null"/> for a case without data).</summary>
public sealed record VariantValue(uint Id, CandidValue Value) : CandidValue
{
    /// <summary>Whether this is the case named <paramref name="name"/>.</summary>
    public bool Is(string name) => Id == IdlHash.Of(name);

    /// <inheritdoc />
    public override string ToString() => $"variant {{{Id}={Value}}}";
}
