using System.Numerics;
using Canic.Fsm.Ic.Candid;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;
using T = Canic.Fsm.Ic.Candid.CandidType;
using V = Canic.Fsm.Ic.Candid.CandidValue;

namespace Canic.Fsm.Ic.Tests.Candid;

/// <summary>
/// Property tests: random types and values of the supported kinds round-trip through the encoder and decoder, and
/// random mutations of encoded messages never throw anything but <see cref="CandidException"/>. FsCheck supplies
/// the seeds; a seeded generator builds the (type, value) pairs from them.
/// </summary>
public class CandidPropertyTests
{
    private static readonly string[] TextPieces = ["a", "é", "€", "😀", " ", "\"", "\\", "z", "\0"];
    private static readonly string[] Names = ["a", "b", "canister_id", "settings", "status", "x_1", "controllers", "cycles"];

    internal static (T Type, V Value) Generate(Random random, int depth)
    {
        var choice = random.Next(depth <= 0 ? 9 : 14);
        switch (choice)
        {
            case 0: return (T.Null, V.Null);
            case 1: return (T.Bool, new BoolValue(random.Next(2) == 1));
            case 2: return (T.Nat, new NatValue(RandomBig(random)));
            case 3: return (T.Int, new IntValue(random.Next(2) == 0 ? RandomBig(random) : -RandomBig(random)));
            case 4: return (T.Nat8, new FixedNatValue((ulong)random.Next(256), 8));
            case 5: return (T.Nat64, new FixedNatValue((ulong)random.NextInt64() * 2 + (ulong)random.Next(2), 64));
            case 6: return (T.Text, new TextValue(string.Concat(Enumerable.Range(0, random.Next(12)).Select(_ => TextPieces[random.Next(TextPieces.Length)]))));
            case 7: return (T.Principal, new PrincipalValue(Principal.FromBytes(Enumerable.Range(0, random.Next(30)).Select(_ => (byte)random.Next(256)).ToArray())));
            case 8: return (T.Blob, new BlobValue(Enumerable.Range(0, random.Next(40)).Select(_ => (byte)random.Next(256)).ToArray()));
            case 9:
            {
                var (inner, value) = Generate(random, depth - 1);
                return (T.Opt(inner), random.Next(3) == 0 ? V.None : V.Some(value));
            }
            case 10:
            {
                var (inner, _) = Generate(random, depth - 1);
                var items = Enumerable.Range(0, random.Next(4)).Select(_ => SameType(random, inner, depth - 1)).ToList();
                return inner is PrimitiveType { Opcode: CandidOpcode.Nat8 }
                    ? (T.Blob, new BlobValue(items.Select(i => (byte)((FixedNatValue)i).Value).ToArray()))
                    : (T.Vec(inner), new VecValue(items));
            }
            case 11:
            case 12:
            {
                var names = Names.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToArray();
                var fields = names.Select(n => (n, Generate(random, depth - 1))).ToArray();
                return (T.Record(fields.Select(f => (f.n, f.Item2.Type)).ToArray()), V.Record(fields.Select(f => (f.n, f.Item2.Value)).ToArray()));
            }
            default:
            {
                var names = Names.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToArray();
                var cases = names.Select(n => (n, Generate(random, depth - 1))).ToArray();
                var chosen = cases[random.Next(cases.Length)];
                return (T.Variant(cases.Select(c => (c.n, c.Item2.Type)).ToArray()), V.Variant(chosen.n, chosen.Item2.Value));
            }
        }
    }

    // A value of an already chosen type: regenerate until the type matches (types are small, this ends fast).
    private static V SameType(Random random, T type, int depth)
    {
        for (var i = 0; i < 200; i++)
        {
            var (candidate, value) = Generate(random, depth);
            if (candidate.Describe() == type.Describe()) return value;
        }
        return Default(type);
    }

    private static V Default(T type) => type switch
    {
        OptType => V.None,
        VecType { IsBlob: true } => new BlobValue([]),
        VecType => new VecValue([]),
        RecordType r => new RecordValue(r.Fields.ToDictionary(f => f.Id, f => Default(f.Type))),
        VariantType v => new VariantValue(v.Fields[0].Id, Default(v.Fields[0].Type)),
        PrimitiveType p => p.Opcode switch
        {
            CandidOpcode.Null => V.Null,
            CandidOpcode.Bool => new BoolValue(false),
            CandidOpcode.Nat => new NatValue(0),
            CandidOpcode.Int => new IntValue(0),
            CandidOpcode.Nat8 => new FixedNatValue(0, 8),
            CandidOpcode.Nat64 => new FixedNatValue(0, 64),
            CandidOpcode.Text => new TextValue(""),
            CandidOpcode.Principal => new PrincipalValue(Principal.ManagementCanister),
            _ => V.Reserved,
        },
        _ => V.Reserved,
    };

    private static BigInteger RandomBig(Random random)
    {
        var bytes = new byte[random.Next(1, 20)];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true);
    }

    [FsCheckProperty(MaxTest = 300)]
    public bool Random_values_round_trip(int seed)
    {
        var random = new Random(seed);
        var args = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Generate(random, 3)).ToArray();
        var encoded = CandidEncoder.Encode(args);
        var decoded = CandidDecoder.Decode(encoded, args.Select(a => a.Type).ToArray());
        var again = CandidEncoder.Encode(args.Select((a, i) => (a.Type, decoded[i])).ToArray());
        return again.AsSpan().SequenceEqual(encoded) && args.Select((a, i) => a.Value.ToString() == decoded[i].ToString()).All(x => x);
    }

    [FsCheckProperty(MaxTest = 300)]
    public void Random_mutations_only_throw_candid_errors(int seed)
    {
        var random = new Random(seed);
        var (type, value) = Generate(random, 3);
        var message = CandidEncoder.Encode((type, value));
        for (var round = 0; round < 20; round++)
        {
            var mutated = Mutate(random, message);
            try
            {
                CandidDecoder.Decode(mutated, [type]);
                CandidDecoder.Decode(mutated, [T.Reserved]);
            }
            catch (CandidException)
            {
            }
        }
    }

    internal static byte[] Mutate(Random random, byte[] message)
    {
        var bytes = message.ToList();
        switch (random.Next(4))
        {
            case 0 when bytes.Count > 0: bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8)); break;
            case 1 when bytes.Count > 0: bytes.RemoveRange(random.Next(bytes.Count), 1); break;
            case 2: bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256)); break;
            default:
                // Truncate.
                var keep = random.Next(bytes.Count + 1);
                bytes.RemoveRange(keep, bytes.Count - keep);
                break;
        }
        return [.. bytes];
    }
}
