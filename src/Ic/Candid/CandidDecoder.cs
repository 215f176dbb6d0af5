using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Canic.Fsm.Ic.Candid;

/// <summary>
/// Reads Candid messages at an expected type, with the spec's coercion rules that keep a client working when
/// the IC adds things: record fields only on the wire are skipped, a missing <c>opt</c>/<c>null</c>/<c>reserved</c>
/// field reads as its default, a value that does not coerce inside an <c>opt</c> (an unknown variant case)
/// becomes none, anything decodes into <c>reserved</c>, extra arguments are skipped. The type table is read
/// whole (<c>func</c>, <c>service</c> and future types included) and every value is bounded by
/// <see cref="CandidDecodeLimits"/>. Any failure is a <see cref="CandidException"/>; nothing else escapes.
/// </summary>
public sealed class CandidDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly byte[] _data;
    private readonly CandidDecodeLimits _limits;
    private readonly List<WireType> _table = [];
    private int _position;
    private long _values;

    private CandidDecoder(byte[] data, CandidDecodeLimits limits)
    {
        _data = data;
        _limits = limits;
    }

    /// <summary>Decodes <paramref name="message"/> at the expected argument (or result) types.</summary>
    /// <exception cref="CandidException">The message is malformed, truncated, too large, or does not coerce.</exception>
    public static IReadOnlyList<CandidValue> Decode(ReadOnlySpan<byte> message, IReadOnlyList<CandidType> expected, CandidDecodeLimits? limits = null)
    {
        limits ??= CandidDecodeLimits.Default;
        if (message.Length > limits.MaxMessageBytes)
            throw new CandidException(CandidError.LimitExceeded, $"the message has {message.Length} bytes, more than {limits.MaxMessageBytes}");
        try
        {
            return new CandidDecoder(message.ToArray(), limits).DecodeMessage(expected);
        }
        catch (CandidException)
        {
            throw;
        }
        catch (Exception e) when (e is OverflowException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new CandidException(CandidError.Malformed, e.Message);
        }
    }

    /// <summary>Decodes a message of exactly one expected value.</summary>
    /// <exception cref="CandidException">As <see cref="Decode"/>.</exception>
    public static CandidValue DecodeOne(ReadOnlySpan<byte> message, CandidType expected, CandidDecodeLimits? limits = null) =>
        Decode(message, [expected], limits)[0];

    private IReadOnlyList<CandidValue> DecodeMessage(IReadOnlyList<CandidType> expected)
    {
        if (_data.Length < 4 || !_data.AsSpan(0, 4).SequenceEqual("DIDL"u8))
            throw Fail(CandidError.Malformed, "the message does not start with DIDL");
        _position = 4;
        ReadTypeTable();
        var argCount = ReadCount("arguments");
        var wireArgs = new WireType[argCount];
        for (var i = 0; i < argCount; i++) wireArgs[i] = Resolve(ReadTypeRef());
        var values = new CandidValue[expected.Count];
        for (var i = 0; i < argCount; i++)
        {
            if (i < expected.Count) values[i] = ReadValue(wireArgs[i], expected[i], 0);
            else Skip(wireArgs[i], 0);
        }
        for (var i = argCount; i < expected.Count; i++)
            values[i] = DefaultOf(expected[i]) ?? throw Fail(CandidError.TypeMismatch, $"argument {i} of type {expected[i]} is missing");
        if (_position != _data.Length) throw Fail(CandidError.Malformed, $"{_data.Length - _position} bytes follow the last value");
        return values;
    }

    // ---- type table ----

    private sealed class WireType(int opcode)
    {
        public int Opcode { get; } = opcode;
        public WireType? Inner { get; set; }
        public (uint Id, WireType Type)[] Fields { get; set; } = [];
        public int InnerRef { get; set; }
        public (uint Id, int Ref)[] FieldRefs { get; set; } = [];

        /// <summary>Whether values of this type take no bytes; decided once, since paths through the table can be exponentially many.</summary>
        public bool? ZeroSized { get; set; }
    }

    private static readonly Dictionary<int, WireType> Primitives =
        Enumerable.Range(1, 17).Select(i => -i).Append((int)CandidOpcode.Principal).ToDictionary(o => o, o => new WireType(o));

    private void ReadTypeTable()
    {
        var count = ReadCount("type table entries");
        if (count > _limits.MaxTypeTableEntries)
            throw Fail(CandidError.LimitExceeded, $"the type table has {count} entries, more than {_limits.MaxTypeTableEntries}");
        var size = count; // entries and fields together
        for (var i = 0; i < count; i++)
        {
            var opcode = ReadSignedInt();
            var entry = new WireType(opcode);
            switch ((CandidOpcode)opcode)
            {
                case CandidOpcode.Opt:
                case CandidOpcode.Vec:
                    entry.InnerRef = ReadTypeRef();
                    break;
                case CandidOpcode.Record:
                case CandidOpcode.Variant:
                    var fieldCount = ReadCount("fields");
                    size += fieldCount;
                    if (size > _limits.MaxTypeTableEntries)
                        throw Fail(CandidError.LimitExceeded, $"the type table has more than {_limits.MaxTypeTableEntries} entries and fields");
                    var fields = new (uint, int)[fieldCount];
                    long previous = -1;
                    for (var f = 0; f < fieldCount; f++)
                    {
                        var id = ReadUnsigned();
                        if (id > uint.MaxValue) throw Fail(CandidError.Malformed, $"field id {id} exceeds 32 bits");
                        if ((long)id <= previous) throw Fail(CandidError.Malformed, "field ids are not strictly increasing");
                        previous = (long)id;
                        fields[f] = ((uint)id, ReadTypeRef());
                    }
                    entry.FieldRefs = fields;
                    break;
                case CandidOpcode.Func:
                    for (var list = 0; list < 2; list++)
                    {
                        var n = ReadCount("function types");
                        for (var k = 0; k < n; k++) ReadTypeRef();
                    }
                    var annotations = ReadCount("annotations");
                    Take(annotations);
                    break;
                case CandidOpcode.Service:
                    var methods = ReadCount("methods");
                    for (var k = 0; k < methods; k++)
                    {
                        Take(ReadCount("method name bytes"));
                        ReadTypeRef();
                    }
                    break;
                default:
                    if (opcode >= -24) throw Fail(CandidError.Malformed, $"opcode {opcode} may not appear in the type table");
                    Take(ReadCount("future type bytes")); // a future type: its length, then bytes we skip
                    break;
            }
            _table.Add(entry);
        }
        // References are checked now that the table's size is known.
        foreach (var entry in _table)
        {
            if (entry.Opcode is (int)CandidOpcode.Opt or (int)CandidOpcode.Vec) entry.Inner = Resolve(entry.InnerRef);
            entry.Fields = entry.FieldRefs.Select(f => (f.Id, Resolve(f.Ref))).ToArray();
        }
    }

    private WireType Resolve(int typeRef)
    {
        if (typeRef >= 0)
            return typeRef < _table.Count ? _table[typeRef] : throw Fail(CandidError.Malformed, $"type reference {typeRef} is outside the table of {_table.Count}");
        return Primitives.TryGetValue(typeRef, out var primitive)
            ? primitive
            : throw Fail(CandidError.Malformed, $"type reference {typeRef} is not a primitive type");
    }

    // ---- values ----

    private CandidValue ReadValue(WireType wire, CandidType expected, int depth)
    {
        Charge(depth);
        if (expected is PrimitiveType { Opcode: CandidOpcode.Reserved })
        {
            Skip(wire, depth);
            return CandidValue.Reserved;
        }
        if (expected is OptType opt) return ReadOpt(wire, opt, depth);
        switch (expected)
        {
            case PrimitiveType p when wire.Opcode == (int)p.Opcode || (p.Opcode == CandidOpcode.Int && wire.Opcode == (int)CandidOpcode.Nat):
                return ReadPrimitive(p.Opcode, wire.Opcode);
            case VecType v when wire.Opcode == (int)CandidOpcode.Vec:
                return ReadVec(wire.Inner!, v, depth);
            case RecordType r when wire.Opcode == (int)CandidOpcode.Record:
                return ReadRecord(wire, r, depth);
            case VariantType vt when wire.Opcode == (int)CandidOpcode.Variant:
                return ReadVariant(wire, vt, depth);
            default:
                throw Fail(CandidError.TypeMismatch, $"a {Describe(wire)} on the wire does not coerce to {expected}");
        }
    }

    private CandidValue ReadOpt(WireType wire, OptType expected, int depth)
    {
        switch ((CandidOpcode)wire.Opcode)
        {
            case CandidOpcode.Null:
            case CandidOpcode.Reserved:
                return CandidValue.None;
            case CandidOpcode.Opt:
                var flag = ReadByte();
                if (flag == 0) return CandidValue.None;
                if (flag != 1) throw Fail(CandidError.Malformed, $"opt flag {flag}");
                return TryOrNone(wire.Inner!, expected.Inner, depth);
            default:
                // A plain value at an opt type becomes opt v when it coerces (and null <: inner does not hold).
                if (expected.Inner.HasDefault)
                {
                    Skip(wire, depth);
                    return CandidValue.None;
                }
                return TryOrNone(wire, expected.Inner, depth);
        }
    }

    private CandidValue TryOrNone(WireType wire, CandidType expected, int depth)
    {
        var start = _position;
        try
        {
            return CandidValue.Some(ReadValue(wire, expected, depth + 1));
        }
        catch (CandidException e) when (e.Error == CandidError.TypeMismatch)
        {
            // The spec: an optional value that does not coerce goes to null. Re-read it to skip it.
            _position = start;
            Skip(wire, depth + 1);
            return CandidValue.None;
        }
    }

    private CandidValue ReadPrimitive(CandidOpcode expected, int wireOpcode)
    {
        switch (expected)
        {
            case CandidOpcode.Null: return CandidValue.Null;
            case CandidOpcode.Bool:
                var b = ReadByte();
                return b <= 1 ? new BoolValue(b == 1) : throw Fail(CandidError.Malformed, $"bool byte {b}");
            case CandidOpcode.Nat: return new NatValue(ReadBigUnsigned());
            case CandidOpcode.Int:
                return new IntValue(wireOpcode == (int)CandidOpcode.Nat ? ReadBigUnsigned() : ReadBigSigned());
            case CandidOpcode.Float32: return new FloatValue(BinaryPrimitives.ReadSingleLittleEndian(Take(4)), 32);
            case CandidOpcode.Float64: return new FloatValue(BinaryPrimitives.ReadDoubleLittleEndian(Take(8)), 64);
            case CandidOpcode.Text: return new TextValue(ReadText());
            case CandidOpcode.Principal: return new PrincipalValue(ReadPrincipal());
            case CandidOpcode.Empty: throw Fail(CandidError.Malformed, "a value of type empty");
            default:
                var (bits, signed) = CandidEncoder.FixedBits(expected);
                var raw = Take(bits / 8);
                ulong value = 0;
                for (var i = raw.Length - 1; i >= 0; i--) value = (value << 8) | raw[i];
                if (!signed) return new FixedNatValue(value, bits);
                var shift = 64 - bits;
                return new FixedIntValue((long)(value << shift) >> shift, bits);
        }
    }

    private CandidValue ReadVec(WireType wireItem, VecType expected, int depth)
    {
        var length = ReadLength(wireItem);
        if (expected.IsBlob && wireItem.Opcode == (int)CandidOpcode.Nat8)
            return new BlobValue(Take(length).ToArray(), own: true);
        var items = new List<CandidValue>(Math.Min(length, 1024));
        for (var i = 0; i < length; i++) items.Add(ReadValue(wireItem, expected.Inner, depth + 1));
        return new VecValue(items);
    }

    private CandidValue ReadRecord(WireType wire, RecordType expected, int depth)
    {
        var fields = new Dictionary<uint, CandidValue>();
        foreach (var (id, type) in wire.Fields)
        {
            var index = expected.IndexOf(id);
            if (index < 0) Skip(type, depth + 1); // a field the IC added: ignored
            else fields[id] = ReadValue(type, expected.Fields[index].Type, depth + 1);
        }
        foreach (var field in expected.Fields)
        {
            if (fields.ContainsKey(field.Id)) continue;
            fields[field.Id] = DefaultOf(field.Type)
                ?? throw Fail(CandidError.TypeMismatch, $"the record lacks the required field '{field.Name ?? field.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}' ({field.Type})");
        }
        return new RecordValue(fields);
    }

    private CandidValue ReadVariant(WireType wire, VariantType expected, int depth)
    {
        var index = ReadUnsigned();
        if (index >= (ulong)wire.Fields.Length) throw Fail(CandidError.Malformed, $"variant index {index} of {wire.Fields.Length} cases");
        var (id, type) = wire.Fields[(int)index];
        var expectedIndex = expected.IndexOf(id);
        if (expectedIndex < 0) throw Fail(CandidError.TypeMismatch, $"variant case {id} is not one of {expected}");
        return new VariantValue(id, ReadValue(type, expected.Fields[expectedIndex].Type, depth + 1));
    }

    private static CandidValue? DefaultOf(CandidType type) => type switch
    {
        OptType => CandidValue.None,
        PrimitiveType { Opcode: CandidOpcode.Null } => CandidValue.Null,
        PrimitiveType { Opcode: CandidOpcode.Reserved } => CandidValue.Reserved,
        _ => null,
    };

    // ---- skipping ----

    private void Skip(WireType wire, int depth)
    {
        Charge(depth);
        switch ((CandidOpcode)wire.Opcode)
        {
            case CandidOpcode.Null:
            case CandidOpcode.Reserved:
                return;
            case CandidOpcode.Bool:
            case CandidOpcode.Nat8:
            case CandidOpcode.Int8:
                Take(1);
                return;
            case CandidOpcode.Nat16 or CandidOpcode.Int16: Take(2); return;
            case CandidOpcode.Nat32 or CandidOpcode.Int32 or CandidOpcode.Float32: Take(4); return;
            case CandidOpcode.Nat64 or CandidOpcode.Int64 or CandidOpcode.Float64: Take(8); return;
            case CandidOpcode.Nat:
            case CandidOpcode.Int:
                SkipLeb();
                return;
            case CandidOpcode.Text:
                ReadText();
                return;
            case CandidOpcode.Principal:
                ReadPrincipal();
                return;
            case CandidOpcode.Empty:
                throw Fail(CandidError.Malformed, "a value of type empty");
            case CandidOpcode.Opt:
                var flag = ReadByte();
                if (flag == 1) Skip(wire.Inner!, depth + 1);
                else if (flag != 0) throw Fail(CandidError.Malformed, $"opt flag {flag}");
                return;
            case CandidOpcode.Vec:
                var length = ReadLength(wire.Inner!);
                if (wire.Inner!.Opcode == (int)CandidOpcode.Nat8) { Take(length); return; }
                for (var i = 0; i < length; i++) Skip(wire.Inner, depth + 1);
                return;
            case CandidOpcode.Record:
                foreach (var (_, type) in wire.Fields) Skip(type, depth + 1);
                return;
            case CandidOpcode.Variant:
                var index = ReadUnsigned();
                if (index >= (ulong)wire.Fields.Length) throw Fail(CandidError.Malformed, $"variant index {index} of {wire.Fields.Length} cases");
                Skip(wire.Fields[(int)index].Type, depth + 1);
                return;
            case CandidOpcode.Func:
                if (ReadReferenceFlag())
                {
                    ReadPrincipal();
                    ReadText();
                }
                return;
            case CandidOpcode.Service:
                if (ReadReferenceFlag()) ReadPrincipal();
                return;
            default:
                // A future type's value: m, n, then m bytes (and n references we cannot follow).
                var bytes = ReadCount("future value bytes");
                ReadCount("future value references");
                Take(bytes);
                return;
        }
    }

    private bool ReadReferenceFlag()
    {
        var flag = ReadByte();
        return flag switch
        {
            0 => false,
            1 => true,
            _ => throw Fail(CandidError.Malformed, $"reference flag {flag}"),
        };
    }

    // ---- primitives of the byte stream ----

    private void Charge(int depth)
    {
        if (depth > _limits.MaxDepth) throw Fail(CandidError.LimitExceeded, $"nesting deeper than {_limits.MaxDepth}");
        if (++_values > _limits.MaxValues) throw Fail(CandidError.LimitExceeded, $"more than {_limits.MaxValues} values");
    }

    private int ReadLength(WireType item)
    {
        var length = ReadCount("vector elements");
        if (IsZeroSized(item))
        {
            // Zero-sized elements cost no bytes: bound them by the value budget before looping.
            if (_values + length > _limits.MaxValues) throw Fail(CandidError.LimitExceeded, $"a vector of {length} zero-sized values");
        }
        else if (length > _data.Length - _position)
        {
            throw Fail(CandidError.Truncated, $"a vector of {length} elements with {_data.Length - _position} bytes left");
        }
        return length;
    }

    private static bool IsZeroSized(WireType type)
    {
        if (type.ZeroSized is { } known) return known;
        switch ((CandidOpcode)type.Opcode)
        {
            case CandidOpcode.Null or CandidOpcode.Reserved:
                return true;
            case CandidOpcode.Record:
                // Provisionally not zero-sized while its fields are examined: a record that contains itself has no
                // finite value, so treating it as taking bytes only makes the length check stricter.
                type.ZeroSized = false;
                var zeroSized = true;
                foreach (var (_, field) in type.Fields)
                {
                    if (!IsZeroSized(field)) { zeroSized = false; break; }
                }
                type.ZeroSized = zeroSized;
                return zeroSized;
            default:
                return false;
        }
    }

    private string ReadText()
    {
        var length = ReadCount("text bytes");
        try
        {
            return StrictUtf8.GetString(Take(length));
        }
        catch (DecoderFallbackException)
        {
            throw Fail(CandidError.Malformed, "text is not valid UTF-8");
        }
    }

    private Principal ReadPrincipal()
    {
        var flag = ReadByte();
        if (flag != 1) throw Fail(CandidError.Malformed, flag == 0 ? "an opaque principal reference" : $"principal flag {flag}");
        var length = ReadCount("principal bytes");
        if (length > Principal.MaxLength) throw Fail(CandidError.Malformed, $"a principal of {length} bytes");
        return Principal.FromBytes(Take(length));
    }

    private byte ReadByte()
    {
        if (_position >= _data.Length) throw Fail(CandidError.Truncated, "the message ends early");
        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
            throw Fail(CandidError.Truncated, $"{count} bytes needed, {_data.Length - _position} left");
        var span = _data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private int ReadCount(string what)
    {
        var value = ReadUnsigned();
        // Each count is bounded where it is used: bytes by the bytes left, vector elements by the bytes left or the
        // value budget, table entries and fields by the table bound, references by the bytes each takes.
        if (value > int.MaxValue) throw Fail(CandidError.LimitExceeded, $"{value} {what}");
        return (int)value;
    }

    private ulong ReadUnsigned()
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1) throw Fail(CandidError.Malformed, "a LEB128 number exceeds 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
            if (shift >= 63) throw Fail(CandidError.Malformed, "a LEB128 number exceeds 64 bits");
        }
    }

    private int ReadSignedInt()
    {
        long result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = ReadByte();
            if (shift > 56) throw Fail(CandidError.Malformed, "an SLEB128 type reference is too long");
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if ((b & 0x40) != 0 && shift < 64) result |= -1L << shift;
        if (result is < int.MinValue or > int.MaxValue) throw Fail(CandidError.Malformed, $"type reference {result}");
        return (int)result;
    }

    private int ReadTypeRef() => ReadSignedInt();

    private const int MaxBigLebBytes = 1024;

    private BigInteger ReadBigUnsigned() => ReadBig(signed: false);

    private BigInteger ReadBigSigned() => ReadBig(signed: true);

    private BigInteger ReadBig(bool signed)
    {
        BigInteger result = BigInteger.Zero;
        var shift = 0;
        byte b;
        var count = 0;
        do
        {
            b = ReadByte();
            if (++count > MaxBigLebBytes) throw Fail(CandidError.LimitExceeded, $"a number longer than {MaxBigLebBytes} bytes");
            result |= (BigInteger)(b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (signed && (b & 0x40) != 0) result -= BigInteger.One << shift;
        return result;
    }

    private void SkipLeb()
    {
        var count = 0;
        while ((ReadByte() & 0x80) != 0)
            if (++count > MaxBigLebBytes) throw Fail(CandidError.LimitExceeded, $"a number longer than {MaxBigLebBytes} bytes");
    }

    private static string Describe(WireType wire) =>
        wire.Opcode is < 0 and >= -24 ? ((CandidOpcode)wire.Opcode).ToString().ToLowerInvariant() : $"future type {wire.Opcode}";

    private CandidException Fail(CandidError error, string message) => new(error, message, _position);
}
