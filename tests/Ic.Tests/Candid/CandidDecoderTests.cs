using Canic.Fsm.Ic.Candid;
using T = Canic.Fsm.Ic.Candid.CandidType;
using V = Canic.Fsm.Ic.Candid.CandidValue;

namespace Canic.Fsm.Ic.Tests.Candid;

/// <summary>The subtyping rules that keep the client working when the IC adds things, and the bounds.</summary>
public class CandidDecoderTests
{
    private static byte[] Encode(T type, V value) => CandidEncoder.Encode((type, value));

    [Test]
    public void Extra_record_fields_on_the_wire_are_ignored()
    {
        var wire = Encode(T.Record(("a", T.Nat), ("new_field", T.Vec(T.Text)), ("z", T.Text)),
            V.Record(("a", V.NatOf(7)), ("new_field", new VecValue([new TextValue("x")])), ("z", new TextValue("zz"))));
        var value = (RecordValue)CandidDecoder.DecodeOne(wire, T.Record(("a", T.Nat), ("z", T.Text)));
        Assert.That(value.ToString(), Is.EqualTo(V.Record(("a", V.NatOf(7)), ("z", new TextValue("zz"))).ToString()));
    }

    [Test]
    public void A_missing_opt_field_is_none_and_a_missing_required_field_is_a_type_mismatch()
    {
        var wire = Encode(T.Record(("a", T.Nat)), V.Record(("a", V.NatOf(1))));
        var value = (RecordValue)CandidDecoder.DecodeOne(wire, T.Record(("a", T.Nat), ("b", T.Opt(T.Text)), ("c", T.Reserved)));
        Assert.That(value["b"], Is.EqualTo(V.None));
        var error = Assert.Throws<CandidException>(() => CandidDecoder.DecodeOne(wire, T.Record(("a", T.Nat), ("b", T.Text))))!;
        Assert.That(error.Error, Is.EqualTo(CandidError.TypeMismatch));
        Assert.That(error.Message, Does.Contain("'b'"));
    }

    [Test]
    public void An_unknown_variant_case_inside_opt_is_none_and_outside_is_a_type_mismatch()
    {
        var newer = T.Variant(("running", T.Null), ("paused", T.Record(("until", T.Nat64))));
        var wire = CandidEncoder.Encode((T.Opt(newer), V.Some(V.Variant("paused", V.Record(("until", new FixedNatValue(9, 64)))))), (T.Text, new TextValue("after")));
        var ours = T.Variant(("running", T.Null), ("stopped", T.Null));
        var values = CandidDecoder.Decode(wire, [T.Opt(ours), T.Text]);
        Assert.That(values[0], Is.EqualTo(V.None));
        Assert.That(values[1], Is.EqualTo(new TextValue("after")), "the value after the skipped case is read from the right position");

        var bare = Encode(newer, V.Variant("paused", V.Record(("until", new FixedNatValue(9, 64)))));
        Assert.That(Assert.Throws<CandidException>(() => CandidDecoder.DecodeOne(bare, ours))!.Error, Is.EqualTo(CandidError.TypeMismatch));
    }

    [Test]
    public void Anything_decodes_into_reserved_and_nat_into_int()
    {
        var wire = CandidEncoder.Encode((T.Vec(T.Record(("x", T.Text))), new VecValue([V.Record(("x", new TextValue("a")))])), (T.Nat, V.NatOf(300)));
        var values = CandidDecoder.Decode(wire, [T.Reserved, T.Int]);
        Assert.That(values[0], Is.EqualTo(V.Reserved));
        Assert.That(values[1], Is.EqualTo(new IntValue(300)));
    }

    [Test]
    public void A_plain_value_at_an_opt_type_becomes_opt()
    {
        var wire = Encode(T.Nat, V.NatOf(5));
        Assert.That(CandidDecoder.DecodeOne(wire, T.Opt(T.Nat)), Is.EqualTo(V.Some(V.NatOf(5))));
        Assert.That(CandidDecoder.DecodeOne(wire, T.Opt(T.Text)), Is.EqualTo(V.None));
    }

    [Test]
    public void Extra_arguments_are_skipped_and_missing_opt_arguments_are_none()
    {
        var wire = CandidEncoder.Encode((T.Nat, V.NatOf(1)), (T.Text, new TextValue("extra")));
        Assert.That(CandidDecoder.Decode(wire, [T.Nat]).Single(), Is.EqualTo(V.NatOf(1)));
        Assert.That(CandidDecoder.Decode(wire, [T.Nat, T.Text, T.Opt(T.Nat)])[2], Is.EqualTo(V.None));
    }

    [Test]
    public void Func_service_float_and_future_types_are_skipped()
    {
        // DIDL, 3 entries: func () -> () query; service {}; future type -30 with 2 bytes; args: func, service, future, float64, text.
        var message = Convert.FromHexString(
            "4449444c03" + "6a000001" + "01" + "6900" + "6202" + "abcd" +
            "05" + "00" + "01" + "02" + "72" + "71" +
            "01" + "01" + "01" + "2a" + "01" + "6d" +   // func value: ref flag, principal 01 01 2a, method "m"
            "01" + "01" + "01" + "2b" +                 // service value
            "02" + "00" + "beef" +                      // future value: 2 bytes, 0 references
            "000000000000f03f" +                        // 1.0
            "026f6b");
        var values = CandidDecoder.Decode(message, [T.Reserved, T.Reserved, T.Reserved, T.Float64, T.Text]);
        Assert.That(values[3], Is.EqualTo(new FloatValue(1.0, 64)));
        Assert.That(values[4], Is.EqualTo(new TextValue("ok")));
    }

    [TestCase("4449444c00017d", CandidError.Truncated)]          // nat without bytes
    [TestCase("4449444d0000", CandidError.Malformed)]            // bad magic
    [TestCase("4449444c0000ff", CandidError.Malformed)]          // trailing byte
    [TestCase("4449444c000105", CandidError.Malformed)]          // primitive ref 5 (no such table entry)
    [TestCase("4449444c016c02010002007f0100", CandidError.Malformed)] // field ids not increasing
    [TestCase("4449444c00017102c328", CandidError.Malformed)]    // invalid UTF-8
    [TestCase("4449444c000168010555", CandidError.Truncated)]    // principal longer than the message
    [TestCase("4449444c0001680100", CandidError.Malformed)]      // ... 01 00 = empty principal OK? no: see below
    public void Malformed_messages_fail_with_a_typed_error(string hex, CandidError expected)
    {
        var bytes = Convert.FromHexString(hex);
        if (hex == "4449444c0001680100")
        {
            // 01 00 is the empty principal (aaaaa-aa): valid.
            Assert.That(CandidDecoder.DecodeOne(bytes, T.Principal), Is.EqualTo(new PrincipalValue(Principal.ManagementCanister)));
            return;
        }
        Assert.That(Assert.Throws<CandidException>(() => CandidDecoder.Decode(bytes, [T.Reserved]))!.Error, Is.EqualTo(expected));
    }

    [Test]
    public void A_huge_vector_of_nulls_is_bounded()
    {
        // vec null of length 2^31-1 in eight bytes.
        var message = Convert.FromHexString("4449444c016d7f0100ffffffff07");
        Assert.That(Assert.Throws<CandidException>(() => CandidDecoder.DecodeOne(message, T.Reserved))!.Error, Is.EqualTo(CandidError.LimitExceeded));
        var small = Convert.FromHexString("4449444c016d7f010003");
        Assert.That(((VecValue)CandidDecoder.DecodeOne(small, T.Vec(T.Null))).Items, Has.Count.EqualTo(3));
    }

    [Test]
    public void A_blob_larger_than_the_value_budget_decodes_its_bytes_are_not_values()
    {
        // A 2.5 MiB wasm module in install_code: bytes are bounded by the message size, not by the number of values.
        var module = new byte[5 * 1024 * 1024 / 2];
        new Random(3).NextBytes(module);
        var wire = Encode(T.Record(("wasm_module", T.Blob)), V.Record(("wasm_module", new BlobValue(module))));
        var value = (RecordValue)CandidDecoder.DecodeOne(wire, T.Record(("wasm_module", T.Blob)));
        Assert.That(((BlobValue)value["wasm_module"]).ToArray(), Is.EqualTo(module));
    }

    [Test]
    public void Whether_an_element_type_is_zero_sized_is_decided_once_per_type_not_per_path()
    {
        // 30 record types of 40 fields each pointing at the next, the last of 40 nulls: a vec of the first costs no bytes
        // per element. Walking every path through the table to ask whether it is zero-sized would take 40^30 steps.
        const int levels = 30, width = 40;
        var table = new List<byte>();
        for (var level = 0; level < levels; level++)
        {
            table.Add(0x6c); table.Add(width);                             // record, 40 fields
            for (var f = 0; f < width; f++) { table.Add((byte)f); table.AddRange(level == levels - 1 ? [0x7f] : Sleb(level + 1)); }
        }
        table.Add(0x6d); table.AddRange(Sleb(0));                          // entry 30: vec of entry 0
        byte[] message = [.. "DIDL"u8, levels + 1, .. table, 1, .. Sleb(levels), 0];
        Assert.That(((VecValue)CandidDecoder.DecodeOne(message, T.Vec(T.Reserved))).Items, Is.Empty);
    }

    private static byte[] Sleb(int value) => value < 64 ? [(byte)value] : [(byte)(0x80 | (value & 0x7f)), (byte)(value >> 7)];

    [Test]
    public void The_fields_of_all_type_table_entries_together_are_bounded()
    {
        var limits = new CandidDecodeLimits { MaxTypeTableEntries = 100 };
        var table = new List<byte>();
        for (var entry = 0; entry < 3; entry++)
        {
            table.Add(0x6c); table.Add(40);
            for (var f = 0; f < 40; f++) { table.Add((byte)f); table.Add(0x7f); }
        }
        byte[] message = [.. "DIDL"u8, 3, .. table, 1, 0];
        var error = Assert.Throws<CandidException>(() => CandidDecoder.DecodeOne(message, T.Reserved, limits))!;
        Assert.That(error.Error, Is.EqualTo(CandidError.LimitExceeded));
        Assert.That(CandidDecoder.DecodeOne(message, T.Reserved, new CandidDecodeLimits { MaxTypeTableEntries = 200 }), Is.EqualTo(V.Reserved));
    }

    [Test]
    public void A_vector_longer_than_the_message_is_truncated_not_allocated()
    {
        var message = Convert.FromHexString("4449444c016d7d0100ffff3f");
        Assert.That(Assert.Throws<CandidException>(() => CandidDecoder.DecodeOne(message, T.Vec(T.Nat)))!.Error, Is.EqualTo(CandidError.Truncated));
    }

    [Test]
    public void Deep_nesting_is_bounded()
    {
        // A recursive type: t = opt t, and a value nested 200 deep.
        var message = Convert.FromHexString("4449444c016e000100" + string.Concat(Enumerable.Repeat("01", 200)) + "00");
        var error = Assert.Throws<CandidException>(() => CandidDecoder.DecodeOne(message, T.Reserved))!;
        Assert.That(error.Error, Is.EqualTo(CandidError.LimitExceeded));
    }

    [Test]
    public void A_message_larger_than_the_limit_is_refused_before_parsing()
    {
        var limits = new CandidDecodeLimits { MaxMessageBytes = 10 };
        var wire = Encode(T.Text, new TextValue("more than ten bytes"));
        Assert.That(Assert.Throws<CandidException>(() => CandidDecoder.DecodeOne(wire, T.Text, limits))!.Error, Is.EqualTo(CandidError.LimitExceeded));
    }

    [Test]
    public void Every_prefix_of_a_real_reply_fails_with_a_typed_error()
    {
        var reply = Vectors.AgentJsHex("canister_status reply bytes");
        for (var length = 0; length < reply.Length; length++)
        {
            var prefix = reply[..length];
            Assert.Throws<CandidException>(() => Canic.Fsm.Ic.Clients.ManagementCandid.DecodeCanisterStatusResult(prefix), $"prefix of {length} bytes");
        }
    }

    [Test]
    public void Values_that_do_not_fit_their_type_are_refused_when_encoding()
    {
        Assert.Throws<CandidException>(() => Encode(T.Nat8, new FixedNatValue(300, 8)));
        Assert.Throws<CandidException>(() => Encode(T.Text, V.NatOf(1)));
        Assert.Throws<CandidException>(() => Encode(T.Record(("a", T.Nat)), V.Record()));
        Assert.Throws<CandidException>(() => Encode(T.Variant(("a", T.Null)), V.Variant("b")));
    }
}
