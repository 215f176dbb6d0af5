namespace Canic.Fsm.Ic.Candid;

/// <summary>
/// A Candid type as this client writes and expects it: the primitives, <c>opt</c>, <c>vec</c>, <c>record</c>
/// and <c>variant</c>. (The decoder also reads <c>func</c>, <c>service</c> and future types on the wire, but
/// only to skip them.) Two types are the same when their <see cref="Describe"/> texts are equal.
/// </summary>
public abstract class CandidType
{
    private string? _description;

    private protected CandidType() { }

    /// <summary><c>null</c>.</summary>
    public static CandidType Null { get; } = new PrimitiveType(CandidOpcode.Null);
    /// <summary><c>bool</c>.</summary>
    public static CandidType Bool { get; } = new PrimitiveType(CandidOpcode.Bool);
    /// <summary><c>nat</c> (unbounded).</summary>
    public static CandidType Nat { get; } = new PrimitiveType(CandidOpcode.Nat);
    /// <summary><c>int</c> (unbounded).</summary>
    public static CandidType Int { get; } = new PrimitiveType(CandidOpcode.Int);
    /// <summary><c>nat8</c>.</summary>
    public static CandidType Nat8 { get; } = new PrimitiveType(CandidOpcode.Nat8);
    /// <summary><c>nat16</c>.</summary>
    public static CandidType Nat16 { get; } = new PrimitiveType(CandidOpcode.Nat16);
    /// <summary><c>nat32</c>.</summary>
    public static CandidType Nat32 { get; } = new PrimitiveType(CandidOpcode.Nat32);
    /// <summary><c>nat64</c>.</summary>
    public static CandidType Nat64 { get; } = new PrimitiveType(CandidOpcode.Nat64);
    /// <summary><c>int8</c>.</summary>
    public static CandidType Int8 { get; } = new PrimitiveType(CandidOpcode.Int8);
    /// <summary><c>int16</c>.</summary>
    public static CandidType Int16 { get; } = new PrimitiveType(CandidOpcode.Int16);
    /// <summary><c>int32</c>.</summary>
    public static CandidType Int32 { get; } = new PrimitiveType(CandidOpcode.Int32);
    /// <summary><c>int64</c>.</summary>
    public static CandidType Int64 { get; } = new PrimitiveType(CandidOpcode.Int64);
    /// <summary><c>float32</c>.</summary>
    public static CandidType Float32 { get; } = new PrimitiveType(CandidOpcode.Float32);
    /// <summary><c>float64</c>.</summary>
    public static CandidType Float64 { get; } = new PrimitiveType(CandidOpcode.Float64);
    /// <summary><c>text</c>.</summary>
    public static CandidType Text { get; } = new PrimitiveType(CandidOpcode.Text);
    /// <summary><c>reserved</c>: any value decodes into it and is discarded.</summary>
    public static CandidType Reserved { get; } = new PrimitiveType(CandidOpcode.Reserved);
    /// <summary><c>principal</c>.</summary>
    public static CandidType Principal { get; } = new PrimitiveType(CandidOpcode.Principal);
    /// <summary><c>blob</c> = <c>vec nat8</c>.</summary>
    public static CandidType Blob { get; } = new VecType(Nat8);

    /// <summary><c>opt t</c>.</summary>
    public static CandidType Opt(CandidType inner) => new OptType(inner);

    /// <summary><c>vec t</c>.</summary>
    public static CandidType Vec(CandidType inner) => new VecType(inner);

    /// <summary><c>record { name: t; ... }</c>.</summary>
    public static RecordType Record(params (string Name, CandidType Type)[] fields) =>
        new(fields.Select(f => new CandidField(IdlHash.Of(f.Name), f.Name, f.Type)));

    /// <summary><c>variant { name: t; ... }</c>; pass <see cref="Null"/> for a case without data.</summary>
    public static VariantType Variant(params (string Name, CandidType Type)[] cases) =>
        new(cases.Select(f => new CandidField(IdlHash.Of(f.Name), f.Name, f.Type)));

    /// <summary>Whether a missing record field or argument of this type reads as its default (null, none, reserved).</summary>
    public bool HasDefault => this is OptType || this is PrimitiveType { Opcode: CandidOpcode.Null or CandidOpcode.Reserved };

    /// <summary>A canonical text of the type (field ids, not names), also its identity for the type table.</summary>
    public string Describe() => _description ??= BuildDescription();

    private protected abstract string BuildDescription();

    /// <inheritdoc />
    public override string ToString() => Describe();
}

/// <summary>A primitive type.</summary>
public sealed class PrimitiveType : CandidType
{
    internal PrimitiveType(CandidOpcode opcode) => Opcode = opcode;

    /// <summary>The opcode.</summary>
    public CandidOpcode Opcode { get; }

    private protected override string BuildDescription() => Opcode.ToString().ToLowerInvariant();
}

/// <summary><c>opt t</c>.</summary>
public sealed class OptType(CandidType inner) : CandidType
{
    /// <summary>The type of the value when present.</summary>
    public CandidType Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    private protected override string BuildDescription() => $"opt {Inner.Describe()}";
}

/// <summary><c>vec t</c>.</summary>
public sealed class VecType(CandidType inner) : CandidType
{
    /// <summary>The element type.</summary>
    public CandidType Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Whether this is <c>blob</c> (<c>vec nat8</c>).</summary>
    public bool IsBlob => Inner is PrimitiveType { Opcode: CandidOpcode.Nat8 };

    private protected override string BuildDescription() => $"vec {Inner.Describe()}";
}

/// <summary>A field of a record or a case of a variant.</summary>
/// <param name="Id">The field id (the hash of the name, or the tuple position).</param>
/// <param name="Name">The name, when known (for messages).</param>
/// <param name="Type">The field's type.</param>
public sealed record CandidField(uint Id, string? Name, CandidType Type);

/// <summary>The fields of a record or the cases of a variant, sorted by id, ids unique.</summary>
public abstract class FieldsType : CandidType
{
    private readonly Dictionary<uint, int> _index = [];

    private protected FieldsType(IEnumerable<CandidField> fields)
    {
        Fields = fields.OrderBy(f => f.Id).ToArray();
        for (var i = 0; i < Fields.Count; i++)
            if (!_index.TryAdd(Fields[i].Id, i))
                throw new ArgumentException($"Two fields have the id {Fields[i].Id} ({Fields[i].Name}).", nameof(fields));
    }

    /// <summary>The fields, sorted by id.</summary>
    public IReadOnlyList<CandidField> Fields { get; }

    /// <summary>The position of the field with this id in <see cref="Fields"/>, or -1.</summary>
    public int IndexOf(uint id) => _index.TryGetValue(id, out var i) ? i : -1;

    private protected string DescribeFields(string keyword) =>
        $"{keyword} {{{string.Join("; ", Fields.Select(f => $"{f.Id}:{f.Type.Describe()}"))}}}";
}

/// <summary><c>record { ... }</c>.</summary>
public sealed class RecordType : FieldsType
{
    /// <summary>Creates the record type.</summary>
    public RecordType(IEnumerable<CandidField> fields) : base(fields) { }

    private protected override string BuildDescription() => DescribeFields("record");
}

/// <summary><c>variant { ... }</c>.</summary>
public sealed class VariantType : FieldsType
{
    /// <summary>Creates the variant type.</summary>
    public VariantType(IEnumerable<CandidField> cases) : base(cases) { }

    private protected override string BuildDescription() => DescribeFields("variant");
}

/// <summary>Candid type opcodes (SLEB128 on the wire).</summary>
public enum CandidOpcode
{
    /// <summary><c>null</c>.</summary>
    Null = -1,
    /// <summary><c>bool</c>.</summary>
    Bool = -2,
    /// <summary><c>nat</c>.</summary>
    Nat = -3,
    /// <summary><c>int</c>.</summary>
    Int = -4,
    /// <summary><c>nat8</c>.</summary>
    Nat8 = -5,
    /// <summary><c>nat16</c>.</summary>
    Nat16 = -6,
    /// <summary><c>nat32</c>.</summary>
    Nat32 = -7,
    /// <summary><c>nat64</c>.</summary>
    Nat64 = -8,
    /// <summary><c>int8</c>.</summary>
    Int8 = -9,
    /// <summary><c>int16</c>.</summary>
    Int16 = -10,
    /// <summary><c>int32</c>.</summary>
    Int32 = -11,
    /// <summary><c>int64</c>.</summary>
    Int64 = -12,
    /// <summary><c>float32</c>.</summary>
    Float32 = -13,
    /// <summary><c>float64</c>.</summary>
    Float64 = -14,
    /// <summary><c>text</c>.</summary>
    Text = -15,
    /// <summary><c>reserved</c>.</summary>
    Reserved = -16,
    /// <summary><c>empty</c> (no values).</summary>
    Empty = -17,
    /// <summary><c>opt</c>.</summary>
    Opt = -18,
    /// <summary><c>vec</c>.</summary>
    Vec = -19,
    /// <summary><c>record</c>.</summary>
    Record = -20,
    /// <summary><c>variant</c>.</summary>
    Variant = -21,
    /// <summary><c>func</c>.</summary>
    Func = -22,
    /// <summary><c>service</c>.</summary>
    Service = -23,
    /// <summary><c>principal</c>.</summary>
    Principal = -24,
}
