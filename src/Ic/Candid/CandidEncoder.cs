using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Canic.Fsm.Ic.Candid;

/// <summary>
/// Writes Candid messages. The type table lists each distinct compound type once, children before parents and
/// fields in id order, as agent-js registers them, so messages are byte-for-byte what agent-js sends.
/// </summary>
public static class CandidEncoder
{
    private static readonly byte[] Magic = "DIDL"u8.ToArray();

    /// <summary>Encodes the arguments (or results) <paramref name="args"/>.</summary>
    /// <exception cref="CandidException">A value does not fit its type (<see cref="CandidError.TypeMismatch"/>).</exception>
    public static byte[] Encode(params (CandidType Type, CandidValue Value)[] args)
    {
        var table = new TypeTable();
        var refs = args.Select(a => table.Register(a.Type)).ToArray();
        using var output = new MemoryStream();
        output.Write(Magic);
        table.Write(output);
        Leb128.WriteUnsigned(output, (ulong)refs.Length);
        foreach (var r in refs) Leb128.WriteSigned(output, r);
        foreach (var (type, value) in args) WriteValue(output, type, value);
        return output.ToArray();
    }

    private sealed class TypeTable
    {
        private readonly Dictionary<string, int> _indexes = [];
        private readonly List<CandidType> _entries = [];

        public int Register(CandidType type)
        {
            if (type is PrimitiveType p) return (int)p.Opcode;
            if (_indexes.TryGetValue(type.Describe(), out var known)) return known;
            switch (type)
            {
                case OptType o: Register(o.Inner); break;
                case VecType v: Register(v.Inner); break;
                case FieldsType f: foreach (var field in f.Fields) Register(field.Type); break;
            }
            _indexes[type.Describe()] = _entries.Count;
            _entries.Add(type);
            return _entries.Count - 1;
        }

        public void Write(Stream output)
        {
            Leb128.WriteUnsigned(output, (ulong)_entries.Count);
            foreach (var entry in _entries)
            {
                switch (entry)
                {
                    case OptType o:
                        Leb128.WriteSigned(output, (int)CandidOpcode.Opt);
                        Leb128.WriteSigned(output, Register(o.Inner));
                        break;
                    case VecType v:
                        Leb128.WriteSigned(output, (int)CandidOpcode.Vec);
                        Leb128.WriteSigned(output, Register(v.Inner));
                        break;
                    case FieldsType f:
                        Leb128.WriteSigned(output, (int)(f is RecordType ? CandidOpcode.Record : CandidOpcode.Variant));
                        Leb128.WriteUnsigned(output, (ulong)f.Fields.Count);
                        foreach (var field in f.Fields)
                        {
                            Leb128.WriteUnsigned(output, field.Id);
                            Leb128.WriteSigned(output, Register(field.Type));
                        }
                        break;
                }
            }
        }
    }

    private static void WriteValue(Stream output, CandidType type, CandidValue value)
    {
        switch (type, value)
        {
            case (PrimitiveType { Opcode: CandidOpcode.Null }, NullValue):
            case (PrimitiveType { Opcode: CandidOpcode.Reserved }, _):
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Bool }, BoolValue b):
                output.WriteByte(b.Value ? (byte)1 : (byte)0);
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Nat }, NatValue n):
                Leb128.WriteUnsigned(output, n.Value);
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Int }, IntValue i):
                Leb128.WriteSigned(output, i.Value);
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Int }, NatValue n):
                Leb128.WriteSigned(output, n.Value);
                return;
            case (PrimitiveType p, FixedNatValue n) when FixedBits(p.Opcode) is (var bits, false) && bits == n.Bits
                                                         && (bits == 64 || n.Value >> bits == 0):
                WriteFixed(output, n.Value, bits);
                return;
            case (PrimitiveType p, FixedIntValue n) when FixedBits(p.Opcode) is (var bits, true) && bits == n.Bits
                                                         && (bits == 64 || (n.Value >> (bits - 1)) is 0 or -1):
                WriteFixed(output, unchecked((ulong)n.Value), bits);
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Float64 }, FloatValue { Bits: 64 } f):
                Span<byte> d = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(d, f.Value);
                output.Write(d);
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Float32 }, FloatValue { Bits: 32 } f):
                Span<byte> s = stackalloc byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(s, (float)f.Value);
                output.Write(s);
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Text }, TextValue t):
                var utf8 = Encoding.UTF8.GetBytes(t.Value);
                Leb128.WriteUnsigned(output, (ulong)utf8.Length);
                output.Write(utf8);
                return;
            case (PrimitiveType { Opcode: CandidOpcode.Principal }, PrincipalValue pv):
                output.WriteByte(1);
                Leb128.WriteUnsigned(output, (ulong)pv.Value.Bytes.Length);
                output.Write(pv.Value.Bytes);
                return;
            case (OptType, OptValue { Value: null }):
                output.WriteByte(0);
                return;
            case (OptType o, OptValue { Value: { } inner }):
                output.WriteByte(1);
                WriteValue(output, o.Inner, inner);
                return;
            case (VecType { IsBlob: true }, BlobValue blob):
                Leb128.WriteUnsigned(output, (ulong)blob.Bytes.Length);
                output.Write(blob.Bytes);
                return;
            case (VecType v, VecValue items):
                Leb128.WriteUnsigned(output, (ulong)items.Items.Count);
                foreach (var item in items.Items) WriteValue(output, v.Inner, item);
                return;
            case (RecordType r, RecordValue rv):
                foreach (var extra in rv.Fields.Keys.Where(k => r.IndexOf(k) < 0))
                    throw new CandidException(CandidError.TypeMismatch, $"the value has field {extra}, which {r.Describe()} lacks");
                foreach (var field in r.Fields)
                {
                    if (rv.Fields.TryGetValue(field.Id, out var fieldValue)) WriteValue(output, field.Type, fieldValue);
                    else if (field.Type is OptType) output.WriteByte(0);
                    else if (!field.Type.HasDefault)
                        throw new CandidException(CandidError.TypeMismatch, $"the record value lacks the field '{field.Name ?? field.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}'");
                }
                return;
            case (VariantType vt, VariantValue vv):
                var index = vt.IndexOf(vv.Id);
                if (index < 0) throw new CandidException(CandidError.TypeMismatch, $"case {vv.Id} is not a case of {vt.Describe()}");
                Leb128.WriteUnsigned(output, (ulong)index);
                WriteValue(output, vt.Fields[index].Type, vv.Value);
                return;
            default:
                throw new CandidException(CandidError.TypeMismatch, $"the value {Shorten(value)} does not have the type {type.Describe()}");
        }
    }

    internal static (int Bits, bool Signed) FixedBits(CandidOpcode opcode) => opcode switch
    {
        CandidOpcode.Nat8 => (8, false),
        CandidOpcode.Nat16 => (16, false),
        CandidOpcode.Nat32 => (32, false),
        CandidOpcode.Nat64 => (64, false),
        CandidOpcode.Int8 => (8, true),
        CandidOpcode.Int16 => (16, true),
        CandidOpcode.Int32 => (32, true),
        CandidOpcode.Int64 => (64, true),
        _ => (0, false),
    };

    private static void WriteFixed(Stream output, ulong value, int bits)
    {
        for (var i = 0; i < bits / 8; i++) output.WriteByte((byte)(value >> (8 * i)));
    }

    private static string Shorten(CandidValue value)
    {
        var text = value.ToString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }

}
